import { type CatalogWrite, catalogAuditEntry } from '../audit/catalogAuditEntry.js';
import { TargetRequest } from '../../contract/TargetRequest.js';
import { parseResourceId, type ResourceId } from '../../domain/ResourceId.js';
import { describeOverlapsOf, findOverlaps } from '../../domain/findOverlaps.js';
import { discoverTaggedTargets } from '../reconciliation/discoverTaggedTargets.js';
import { nodeResourceGroupsOf } from '../reconciliation/holdOverlappingTargets.js';
import type { ObservedResource, PowerControl } from '../operations/PowerControl.js';
import { RowChangedError } from '../storage/RowChangedError.js';
import { findControlCharacter, normaliseText } from '../storage/normaliseText.js';
import { nameRoundTripProblem } from '../storage/rowName.js';
import type { TableStorage } from '../storage/TableStorage.js';
import type { TargetGuard } from '../operations/TargetGuard.js';
import { NAME_LENGTH } from '../schedules/ScheduleTable.js';
import { RegistrationClaimTable } from './RegistrationClaimTable.js';
import type { TargetRecord } from './TargetTable.js';
import { checkPreconditions, writeConditionally } from '../problems/preconditions.js';
import { refuseCaseVariant } from './refuseCaseVariant.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../problems/RequestErrors.js';

/** A claim younger than this whose target row is not there yet is a registration still under way. */
const CLAIM_GRACE_MS = 2 * 60_000;

export interface TargetRegistrationDependencies {
  storage: TableStorage;
  now: () => number;
  /** Azure as observed, for the checks that need it (System pools, node resource groups); optional in tests. */
  power?: Pick<PowerControl, 'observe'>;
  /** Allowed scopes and the production guard (docs/security.md). */
  guard?: TargetGuard;
}

/**
 * Registering targets through the API, as a Targets row would: create, or replace with If-Match;
 * delete with If-Match. The same checks as rows people type: a known schedule, a resource of a kind
 * the app handles, and no resource registered twice (also when two requests race: a claim row per
 * resource, written conditionally, lets only one win). Each check is a separate step.
 */
export class TargetRegistrationService {
  private readonly claims: RegistrationClaimTable;

  constructor(private readonly deps: TargetRegistrationDependencies) {
    this.claims = new RegistrationClaimTable(deps.storage.state.rows);
  }

  /** Audited as soon as the row is written, before anything else can fail. */
  private async audit(write: CatalogWrite, actor: string): Promise<void> {
    await this.deps.storage.audit.append(catalogAuditEntry(write, actor, this.deps.now()));
  }

  async put(
    name: string,
    input: unknown,
    preconditions: { ifMatch: string | undefined; ifNoneMatch: string | undefined },
    actor: string,
  ): Promise<{ created: boolean; etag: string; record: TargetRecord }> {
    const { ifMatch, ifNoneMatch } = preconditions;
    const record = await this.validate(name, input);
    const observed = await this.observe(record.resourceId);
    refuseSystemPoolAlone(record.resourceId, observed);
    await this.refuseOverlap(name, record.resourceId, observed);
    const { targets } = this.deps.storage;
    const current = await targets.get(name);
    const what = `target "${name}"`;
    checkPreconditions(what, current, ifMatch, ifNoneMatch);
    refuseCaseVariant(what, current ? undefined : await targets.caseVariantOf(name));
    const release = await this.claim(name, record.resourceId);
    let etag: string;
    try {
      etag = await writeConditionally(what, () =>
        current
          ? targets.replace(
              {
                ...record,
                ...(current.row ? { row: current.row } : {}),
                ...(current.extraColumns ? { extraColumns: current.extraColumns } : {}),
                // The API does not speak for Notify (docs/notifications.md): the row keeps it.
                ...(current.notify !== undefined ? { notify: current.notify } : {}),
              },
              // If-Match was checked against this row (or was *): the write is conditional on it.
              current.row?.etag ?? '',
            )
          : targets.create(record),
      );
    } catch (error) {
      await release();
      throw error;
    }
    await this.audit(
      {
        kind: 'target',
        action: current ? 'update' : 'create',
        name,
        resourceId: record.resourceId.id,
        result: `schedule ${record.scheduleName}, enabled ${String(record.enabled)}`,
      },
      actor,
    );
    if (current && current.resourceId.key !== record.resourceId.key)
      await this.claims.release(current.resourceId, name);
    return { created: !current, etag, record };
  }

  /** Unregisters a target; its state and override go with it, so nothing of it is acted on again. */
  async delete(name: string, ifMatch: string | undefined, actor: string): Promise<void> {
    const { targets, state, overrides } = this.deps.storage;
    const current = await targets.get(name);
    if (!current) throw new NotFoundError(`there is no registered target named "${name}"`);
    const what = `target "${name}"`;
    checkPreconditions(what, current, ifMatch);
    await writeConditionally(what, () => targets.delete(current, current.row?.etag));
    await this.audit(
      { kind: 'target', action: 'delete', name, resourceId: current.resourceId.id, result: 'deleted' },
      actor,
    );
    await Promise.all([
      state.delete(name),
      overrides.delete(name),
      this.claims.release(current.resourceId, name),
    ]);
  }

  /**
   * Claims the resource for `name` before its row is written; returns how to give the claim back if
   * the write fails. A claim held by another name is honoured while that name's row registers the
   * resource, or while it is young enough to be a registration under way; otherwise it is stale.
   */
  private async claim(name: string, resource: ResourceId): Promise<() => Promise<void>> {
    const now = this.deps.now();
    const created = await this.claims.create(resource, name, now);
    if (created) return () => this.claims.release(resource, name, created);
    const claim = await this.claims.get(resource);
    if (!claim) return this.claim(name, resource);
    if (claim.targetName.toLowerCase() === name.toLowerCase()) return async () => undefined;
    const holder = await this.deps.storage.targets.get(claim.targetName);
    const held = holder?.resourceId.key === resource.key;
    if (held || now - claim.claimedAt < CLAIM_GRACE_MS)
      throw new ConflictError(
        `${resource.id} is already registered as "${claim.targetName}"${held ? '' : ' (a registration under way)'}; a resource is registered once`,
        { code: 'already-registered' },
      );
    try {
      const etag = await this.claims.takeOver(resource, name, now, claim.etag);
      return () => this.claims.release(resource, name, etag);
    } catch (error) {
      if (error instanceof RowChangedError)
        throw new ConflictError(`${resource.id} was registered under another name just now`, {
          code: 'already-registered',
          cause: error,
        });
      throw error;
    }
  }

  /**
   * The resource's subscription as Azure shows it, or nothing when it cannot be read now: the checks
   * that need it are then left to the reconcile tick, which holds what it finds.
   */
  private async observe(resource: ResourceId): Promise<ReadonlyMap<string, ObservedResource>> {
    if (!this.deps.power) return new Map();
    try {
      return await this.deps.power.observe([resource.subscriptionId], [resource]);
    } catch {
      return new Map();
    }
  }

  /** A resource containing or contained in a registered target is refused (docs/decisions.md). */
  private async refuseOverlap(
    name: string,
    resource: ResourceId,
    observed: ReadonlyMap<string, ObservedResource>,
  ): Promise<void> {
    const others = (await this.deps.storage.targets.load()).records.filter(
      (target) => target.name.toLowerCase() !== name.toLowerCase(),
    );
    // Resources that opted in by tag are targets too (the tick holds both sides of an overlap).
    const tagged = discoverTaggedTargets(
      observed,
      new Set([...others.map((target) => target.resourceId.key), resource.key]),
    ).targets;
    const overlaps = findOverlaps(
      [...others, ...tagged, { name, resourceId: resource }],
      nodeResourceGroupsOf(observed),
    ).filter((overlap) => overlap.container.name === name || overlap.contained.name === name);
    if (overlaps.length === 0) return;
    throw new ConflictError(
      `${resource.id} overlaps registered targets: ${describeOverlapsOf(name, overlaps).join('; ')}. Register either the cluster or its node pools and scale sets, not both`,
      { code: 'already-registered' },
    );
  }

  private async validate(name: string, input: unknown): Promise<TargetRecord> {
    const errors: FieldError[] = [];
    if (
      name.trim() === '' ||
      name.length > NAME_LENGTH ||
      name !== name.trim() ||
      findControlCharacter(name) ||
      name.startsWith('tag:') ||
      nameRoundTripProblem(name)
    ) {
      errors.push({
        field: 'name',
        value: name,
        message: `a target name has 1 to ${NAME_LENGTH} characters, no surrounding spaces or control characters, no escape such as %2F that its row would read back as "/", and does not start with "tag:"`,
      });
    }
    const parsed = TargetRequest.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError([
        ...errors,
        ...parsed.error.issues.map((issue) => ({
          field: issue.path.join('.') || 'body',
          value: issue.path.length > 0 ? (input as Record<string, unknown>)[String(issue.path[0])] : input,
          message: issue.message,
        })),
      ]);
    }
    const description = readDescription(parsed.data.description, errors);
    const resource = parseResourceId(parsed.data.resourceId, { checkSegments: true });
    if (!resource.ok)
      errors.push({ field: 'resourceId', value: parsed.data.resourceId, message: resource.message });
    const schedule = await this.deps.storage.schedules.get(parsed.data.schedule.trim());
    if (!schedule)
      errors.push({
        field: 'schedule',
        value: parsed.data.schedule,
        message: `there is no schedule named "${parsed.data.schedule}"; create it first (PUT /api/schedules/{name})`,
      });
    // Outside the allowed scopes, or protected from stopping: never registered (docs/security.md).
    const refusal = resource.ok ? await this.deps.guard?.refusal(resource.resourceId, 'register') : undefined;
    if (refusal) errors.push({ field: 'resourceId', value: parsed.data.resourceId, message: refusal });
    if (errors.length > 0 || !resource.ok) throw new ValidationError(errors);
    const others = (await this.deps.storage.targets.load()).records.filter(
      (target) =>
        target.resourceId.key === resource.resourceId.key && target.name.toLowerCase() !== name.toLowerCase(),
    );
    if (others.length > 0)
      throw new ConflictError(
        `${resource.resourceId.id} is already registered as ${others.map((target) => `"${target.name}"`).join(', ')}; a resource is registered once`,
        { code: 'already-registered' },
      );
    return {
      name,
      resourceId: resource.resourceId,
      scheduleName: schedule?.name ?? parsed.data.schedule,
      enabled: parsed.data.enabled ?? true,
      allowAksManagedScaleSet: parsed.data.allowAksManagedScaleSet ?? false,
      ...(description !== undefined ? { description } : {}),
    };
  }
}

/** AKS does not stop a System node pool on its own: refused now rather than at the first stop. */
function refuseSystemPoolAlone(resource: ResourceId, observed: ReadonlyMap<string, ObservedResource>): void {
  if (resource.kind !== 'nodepool' || !observed.get(resource.key)?.isSystemPool) return;
  throw new ValidationError([
    {
      field: 'resourceId',
      value: resource.id,
      message:
        'this node pool is in System mode, and AKS does not stop a System pool on its own; register the cluster (kind cluster) to stop it whole',
    },
  ]);
}

/** The description as the Targets row will hold it, by the reader's rules: one line, at most 1000 characters. */
function readDescription(input: string | undefined, errors: FieldError[]): string | undefined {
  if (input === undefined) return undefined;
  const text = normaliseText(input);
  const control = findControlCharacter(text);
  if (control)
    errors.push({
      field: 'description',
      value: input,
      message: `contains the control character ${control.code} at position ${control.position} (a newline or tab, for example); write it on one line`,
    });
  if (text.length > 1000)
    errors.push({
      field: 'description',
      value: input,
      message: `is ${text.length} characters long; the most is 1000`,
    });
  return text === '' ? undefined : text;
}
