import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../shared/domain/Decision.js';
import { findOverlaps } from '../../../shared/domain/findOverlaps.js';
import { guardDecision } from '../../../shared/domain/guardDecision.js';
import { outsideAllowedScopes } from '../../../shared/domain/outsideAllowedScopes.js';
import { protectionOf } from '../../../shared/domain/protectionOf.js';
import { parseResourceId, type ResourceId } from '../../../shared/domain/ResourceId.js';

const SUB = '00000000-0000-0000-0000-000000000001';
/** U+212A KELVIN SIGN: `toLowerCase()` makes it "k"; ARM does not fold it. */
const KELVIN = '\u212A';

const id = (text: string): ResourceId => {
  const parsed = parseResourceId(text, { checkSegments: true });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.resourceId;
};
const clusterIn = (group: string, name = 'dev') =>
  id(
    `/subscriptions/${SUB}/resourceGroups/${group}/providers/Microsoft.ContainerService/managedClusters/${name}`,
  );

const stop: Decision = {
  action: 'stop',
  rule: 'desired-changed',
  reason: 'desired state changed',
  desired: 'stopped',
  nextTransition: undefined,
  refused: false,
  activeOverride: undefined,
  memory: { firstSeenAt: 1, lastDesired: 'stopped' },
};

describe('resource IDs compare as ARM compares them: ASCII letters fold, nothing else (issue 27, item 3)', () => {
  const lookAlike = clusterIn(`rg-dev-to${KELVIN}yo`);

  it('the key folds A-Z only', () => {
    expect(clusterIn('RG-Dev-Tokyo').key).toBe(clusterIn('rg-dev-tokyo').key);
    expect(lookAlike.key).not.toBe(clusterIn('rg-dev-tokyo').key);
    expect(lookAlike.key).toContain(KELVIN);
    expect(clusterIn('rg-ÄÖ').key).toContain('ÄÖ');
  });

  it('a look-alike resource group is outside the allowed scope it imitates, for the guard too', () => {
    const scopes = [`/subscriptions/${SUB}/resourceGroups/rg-dev-tokyo`];
    expect(outsideAllowedScopes(clusterIn('RG-DEV-TOKYO'), scopes)).toBeUndefined();
    expect(outsideAllowedScopes(lookAlike, scopes)).toContain('is outside the scopes');
    expect(
      outsideAllowedScopes(lookAlike, [`/SUBSCRIPTIONS/${SUB}/resourceGroups/RG-DEV-TO${KELVIN}YO`]),
    ).toBe(undefined);
    expect(
      guardDecision(stop, { resource: lookAlike, tags: {} }, { allowedScopes: scopes, protectedTags: [] }),
    ).toMatchObject({ action: 'none', refused: true });
  });

  it('a pool in a look-alike group is not part of the cluster it imitates', () => {
    const cluster = { name: 'cluster', resourceId: clusterIn('rg-dev-tokyo') };
    const pool = {
      name: 'pool',
      resourceId: id(`${clusterIn(`rg-dev-to${KELVIN}yo`).id}/agentPools/user1`),
    };
    const samePool = { name: 'same', resourceId: id(`${clusterIn('RG-DEV-TOKYO').id}/agentPools/user1`) };
    expect(
      findOverlaps([cluster, pool, samePool], new Map()).map((overlap) => overlap.contained.name),
    ).toEqual(['same']);
  });

  it("the node resource group's scale sets are matched the same way", () => {
    const cluster = { name: 'cluster', resourceId: clusterIn('rg') };
    const scaleSetIn = (group: string, name: string) => ({
      name,
      resourceId: id(
        `/subscriptions/${SUB}/resourceGroups/${group}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`,
      ),
    });
    const overlaps = findOverlaps(
      [cluster, scaleSetIn('mc_rg_dev_tokyo', 'nodes'), scaleSetIn(`mc_rg_dev_to${KELVIN}yo`, 'other')],
      new Map([[cluster.resourceId.key, 'MC_rg_dev_tokyo']]),
    );
    expect(overlaps.map((overlap) => overlap.contained.name)).toEqual(['nodes']);
  });
});

describe('protected tags are compared as a person reads them (issue 27, item 4)', () => {
  const protectedTags = [{ name: 'environment', value: 'prod' }];
  const protects = (tags: Record<string, string>) =>
    protectionOf([{ of: 'the pool', tags }], protectedTags) !== undefined;

  it.each([
    ['a zero-width space after the value', { environment: 'prod\u200B' }],
    ['a zero-width joiner inside the value', { environment: 'pr\u200Dod' }],
    ['a soft hyphen inside the value', { environment: 'pr\u00ADod' }],
    ['a word joiner in the name', { 'environ\u2060ment': 'prod' }],
    ['a byte order mark before the name', { '\uFEFFenvironment': 'prod' }],
    ['a variation selector after the value', { environment: 'prod\uFE0F' }],
    ['full-width letters', { environment: 'ｐｒｏｄ' }],
    ['full-width capitals in the name', { ＥＮＶＩＲＯＮＭＥＮＴ: 'Prod' }],
    ['a no-break space around the value', { environment: '\u00A0prod\u00A0' }],
    ['mathematical bold letters', { environment: '𝐩𝐫𝐨𝐝' }],
  ])('protects a resource tagged with %s', (_what, tags) => {
    expect(protects(tags)).toBe(true);
  });

  it('still tells other values apart', () => {
    expect(protects({ environment: 'preprod' })).toBe(false);
    expect(protects({ environment: 'pro d' })).toBe(false);
    expect(protects({ environments: 'prod' })).toBe(false);
  });

  it('protected tags configured with such characters protect as well', () => {
    expect(
      protectionOf(
        [{ of: 'the pool', tags: { environment: 'prod' } }],
        [{ name: 'Environment\u200B', value: 'ＰＲＯＤ' }],
      ),
    ).toContain('carries the protected tag environment=prod');
  });
});
