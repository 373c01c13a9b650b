import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

// Issue 24 item 10: a row typed in the portal shows in the API at once, with its problems, and
// what the API says before the next tick is what that tick then writes.
// Thursday 2026-11-26 11:00 in Berlin: the office schedule says running.
let app: AppHarness;

interface TargetBody {
  name: string;
  resourceId: string;
  schedule?: string;
  problems: string[];
  desired?: string;
  observed?: string;
  lastAction?: string;
  lastReason?: string;
}

beforeAll(async () => {
  app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, '2026-11-26T10:00:00Z');
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    location: 'westeurope',
    pools: [{ name: 'system', mode: 'System' }, { name: 'user1' }, { name: 'user2' }, { name: 'user3' }],
  });
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' } },
    { 'dev-user1': { resourceId: poolId(SUBSCRIPTION, 'dev', 'user1'), schedule: 'office' } },
  );
  await app.tick();
});
afterAll(async () => app.stop());

/** A row as a person types it in the portal's Storage browser: the columns, no app in between. */
function typeInPortal(rowKey: string, columns: Record<string, unknown>) {
  return app.services.storage.targets.rows.insert({ partitionKey: 'target', rowKey, ...columns });
}

async function target(name: string): Promise<{ status: number; body: TargetBody }> {
  const response = await app.http('GET', `targets/${encodeURIComponent(name)}`);
  return { status: response.status, body: response.body as TargetBody };
}

async function listed(): Promise<TargetBody[]> {
  return ((await app.http('GET', 'targets')).body as { targets: TargetBody[] }).targets;
}

describe('a Targets row typed in the portal, before any tick', () => {
  it('a valid row: GET /api/targets/{name} and the list show it at once', async () => {
    await typeInPortal('dev-user2', { ResourceId: poolId(SUBSCRIPTION, 'dev', 'user2'), Schedule: 'office' });
    const { status, body } = await target('dev-user2');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: 'dev-user2',
      resourceId: poolId(SUBSCRIPTION, 'dev', 'user2'),
      schedule: 'office',
      problems: [],
    });
    expect((await listed()).map((view) => view.name)).toContain('dev-user2');
  });

  it('a row naming a schedule that does not exist: shown at once with the problem, the same after the tick', async () => {
    await typeInPortal('dev-user3', { ResourceId: poolId(SUBSCRIPTION, 'dev', 'user3'), Schedule: 'ofice' });
    const before = await target('dev-user3');
    expect(before.status).toBe(200);
    expect(before.body.name).toBe('dev-user3');
    expect(before.body.problems).toEqual([
      'Targets row "target"/"dev-user3" column Schedule value "ofice": there is no schedule named "ofice"; use one of office',
    ]);
    expect((await listed()).find((view) => view.name === 'dev-user3')?.problems).toEqual(
      before.body.problems,
    );
    await app.tick();
    const after = await target('dev-user3');
    expect(after.body).toEqual(before.body);
    expect(app.arm.state.cluster(SUBSCRIPTION, 'rg', 'dev').pools.get('user3')?.powerState).toBe('Running');
  });

  it('a row whose ResourceId is not one: shown at once, naming the column, the value and what is valid', async () => {
    await typeInPortal('typo', { ResourceId: 'dev/user1', Schedule: 'office' });
    const before = await target('typo');
    expect(before.status).toBe(200);
    expect(before.body.problems).toHaveLength(1);
    expect(before.body.problems[0]).toMatch(
      /^Targets row "target"\/"typo" column ResourceId value "dev\/user1": /,
    );
    expect(before.body.lastReason).toBe('not acted on: its row has problems');
    await app.tick();
    expect((await target('typo')).body).toEqual(before.body);
  });

  it('a valid row broken in the portal: its problem replaces what the last tick saw, at once', async () => {
    const rows = app.services.storage.targets.rows;
    const [row] = await rows.list({ rowKey: 'dev-user1' });
    if (!row) throw new Error('dev-user1 was registered above');
    await rows.replace({ ...row, Schedule: 'nightly' }, row.etag ?? '');
    const before = await target('dev-user1');
    expect(before.body.problems).toEqual([
      'Targets row "target"/"dev-user1" column Schedule value "nightly": there is no schedule named "nightly"; use one of office',
    ]);
    await app.tick();
    expect((await target('dev-user1')).body).toEqual(before.body);
  });

  it('a name no row has is still 404', async () => {
    expect((await target('nobody')).status).toBe(404);
  });
});
