import { tagsToCheck, type GuardPolicy } from '../../domain/guardDecision.js';
import { outsideAllowedScopes } from '../../domain/outsideAllowedScopes.js';
import { protectionOf } from '../../domain/protectionOf.js';
import type { ResourceId } from '../../domain/ResourceId.js';
import type { PowerControl } from './PowerControl.js';

/**
 * The allowed scopes and the production guard for API requests (docs/security.md): a registration
 * or an override is refused up front, before anything is written. The reconcile decision applies the
 * same guard again (`guardDecision`), so a row typed in the portal cannot get round it either.
 */
export class TargetGuard {
  constructor(private readonly deps: { policy: GuardPolicy; power: PowerControl }) {}

  /**
   * Why the resource may not be registered (`register`) or held stopped (`stop`), or undefined.
   * Outside the allowed scopes, nothing; a protected resource (its tags or its cluster's, read from
   * Azure now) is neither registered nor stopped.
   */
  async refusal(resource: ResourceId, intent: 'register' | 'stop' | 'start'): Promise<string | undefined> {
    const outside = outsideAllowedScopes(resource, this.deps.policy.allowedScopes);
    if (outside) return outside;
    if (intent === 'start' || this.deps.policy.protectedTags.length === 0) return undefined;
    return protectionOf(await this.tagsOf(resource), this.deps.policy.protectedTags);
  }

  private async tagsOf(resource: ResourceId) {
    let seen;
    try {
      // One GET, as the executor reads them before a stop; a pool's reading carries its cluster's tags.
      seen = await this.deps.power.read(resource);
    } catch {
      // Tags that cannot be read now are checked again at every reconcile decision and by the
      // executor before any stop, which never lets a stop through without them.
      return [];
    }
    return tagsToCheck({ resource, tags: seen?.tags, clusterTags: seen?.clusterTags });
  }
}
