import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../shared/domain/Decision.js';
import { guardDecision, type GuardPolicy } from '../../../shared/domain/guardDecision.js';
import { outsideAllowedScopes } from '../../../shared/domain/outsideAllowedScopes.js';
import { parseResourceId, type ResourceId } from '../../../shared/domain/ResourceId.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const id = (text: string): ResourceId => {
  const parsed = parseResourceId(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.resourceId;
};
const pool = id(
  `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/shop/agentPools/web`,
);
const policy: GuardPolicy = {
  allowedScopes: [],
  protectedTags: [
    { name: 'environment', value: 'prod' },
    { name: 'environment', value: 'production' },
  ],
};
const stop: Decision = {
  action: 'stop',
  rule: 'desired-changed',
  reason: 'desired state changed',
  desired: 'stopped',
  nextTransition: undefined,
  refused: false,
  activeOverride: undefined,
  memory: { firstSeenAt: 1, lastDesired: 'stopped', pendingOperation: { action: 'stop', startedAt: 5 } },
};

describe('guardDecision', () => {
  it('refuses to stop a resource tagged as production, compared case-insensitively', () => {
    const guarded = guardDecision(stop, { resource: pool, tags: { Environment: ' PROD ' } }, policy);
    expect(guarded).toMatchObject({
      action: 'none',
      refused: true,
      rule: 'refused-protected',
      desired: 'stopped',
    });
    expect(guarded.reason).toMatch(/^refused to stop: .* carries the protected tag Environment= PROD /);
  });

  it("protects a node pool through its cluster's tags", () => {
    expect(
      guardDecision(stop, { resource: pool, tags: {}, clusterTags: { environment: 'production' } }, policy),
    ).toMatchObject({
      action: 'none',
      rule: 'refused-protected',
      reason: expect.stringContaining('its cluster shop carries'),
    });
  });

  it('forgets the operation it did not begin and does not remember the change as made', () => {
    const guarded = guardDecision(
      stop,
      { resource: pool, tags: { environment: 'prod' }, memory: { firstSeenAt: 1, lastDesired: 'running' } },
      policy,
    );
    expect(guarded.memory).toEqual({ firstSeenAt: 1, lastDesired: 'running' });
  });

  it('lets starts and unprotected stops through unchanged', () => {
    const start: Decision = { ...stop, action: 'start', desired: 'running' };
    expect(guardDecision(start, { resource: pool, tags: { environment: 'prod' } }, policy)).toBe(start);
    expect(guardDecision(stop, { resource: pool, tags: { environment: 'dev' } }, policy)).toBe(stop);
  });

  it('refuses any action outside the allowed scopes', () => {
    const start: Decision = { ...stop, action: 'start', desired: 'running' };
    const scoped = { ...policy, allowedScopes: [`/subscriptions/${SUB}/resourceGroups/other`] };
    expect(guardDecision(start, { resource: pool, tags: {} }, scoped)).toMatchObject({
      action: 'none',
      refused: true,
      rule: 'refused-outside-scopes',
      reason: expect.stringMatching(/^refused: .* is outside the scopes the app may act on/),
    });
  });
});

describe('outsideAllowedScopes', () => {
  it('admits a subscription or resource group scope, compared case-insensitively', () => {
    expect(outsideAllowedScopes(pool, [])).toBeUndefined();
    expect(outsideAllowedScopes(pool, [`/SUBSCRIPTIONS/${SUB}`])).toBeUndefined();
    expect(outsideAllowedScopes(pool, [`/subscriptions/${SUB}/resourcegroups/RG/`])).toBeUndefined();
    expect(outsideAllowedScopes(pool, [`/subscriptions/${SUB}/resourceGroups/rg2`])).toBeDefined();
    // A scope is a whole path segment: rg does not admit rg-prod.
    const rgProd = id(pool.id.replace('/rg/', '/rg-prod/'));
    expect(outsideAllowedScopes(rgProd, [`/subscriptions/${SUB}/resourceGroups/rg`])).toBeDefined();
  });
});
