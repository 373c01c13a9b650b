import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTableKey } from '../../shared/app/storage/tableKey.js';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';

// Issue 29, item 2: the status page's first screen reads what it shows, by key range on Azurite, in
// the Tables' key order; the fleet's figures come from the summary the tick writes, with its age.

interface Page {
  targets: { name: string; problems: string[]; source: string }[];
  total?: number;
  summaryAsOf?: string;
  continuationToken?: string;
  unusableRows?: { name: string; partitionKey: string; problems: string[] }[];
}

/** Names with capitals, punctuation, characters keys cannot hold, `%` and non-ASCII letters. */
const NAMES = ['Zeta', 'alpha', 'a.b', 'b-c', 'team/a', 'Äpfel', 'プール', '50%off', 'x_y'];
const TICK_AT = '2026-11-26T20:00:00Z';
const MINUTE = 60_000;

let app: AppHarness;

beforeAll(async () => {
  app = await startApp({ OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0' }, {}, TICK_AT);
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [
      { name: 'system', mode: 'System' },
      ...NAMES.map((_, index) => ({ name: `p${index}` })),
      { name: 'p90' },
      { name: 'p91' },
      // Opted in by tag: known from State only, after a tick.
      { name: 'tagged', tags: { 'offhours-schedule': 'office' } },
    ],
  });
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' } },
    Object.fromEntries(
      NAMES.map((name, index) => [
        name,
        { resourceId: poolId(SUBSCRIPTION, 'dev', `p${index}`), schedule: 'office' },
      ]),
    ),
  );
  // Typed in the portal: a row that cannot be used, and a valid row in a partition of the person's own.
  const rows = app.services.storage.targets.rows;
  await rows.insert({ partitionKey: 'target', rowKey: 'broken', ResourceId: 'dev/p1', Schedule: 'office' });
  // One resource registered by two rows: only the whole table shows it, so the tick's summary says it.
  for (const twin of ['twin1', 'twin2'])
    await rows.insert({
      partitionKey: 'target',
      rowKey: twin,
      ResourceId: poolId(SUBSCRIPTION, 'dev', 'p91'),
      Schedule: 'office',
    });
  await rows.insert({
    partitionKey: 'mine',
    rowKey: 'elsewhere',
    ResourceId: poolId(SUBSCRIPTION, 'dev', 'p90'),
    Schedule: 'office',
  });
});
afterAll(async () => app.stop());

async function page(query: string): Promise<Page> {
  const response = await app.http('GET', `targets?${query}`);
  expect(response.status, query).toBe(200);
  return response.body as Page;
}

async function allPages(limit: number): Promise<{ names: string[]; pages: Page[] }> {
  const pages: Page[] = [];
  let token: string | undefined;
  do {
    const next = await page(
      `limit=${limit}${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`,
    );
    pages.push(next);
    token = next.continuationToken;
  } while (token && pages.length < 100);
  return { names: pages.flatMap((each) => each.targets.map((target) => target.name)), pages };
}

/** The Tables' key order: the State RowKey, ordinal, as Azurite and Table Storage sort it. */
const inKeyOrder = (names: readonly string[]) =>
  [...names].sort((a, b) => (encodeTableKey(a) < encodeTableKey(b) ? -1 : 1));

describe('GET /api/targets?limit before the first tick', () => {
  it('says the fleet is not counted yet, and shows the rows in key order with their problems at once', async () => {
    const first = await page('limit=50');
    expect(first.total).toBeUndefined();
    expect(first.summaryAsOf).toBeUndefined();
    const names = first.targets.map((target) => target.name);
    expect(names).toEqual(inKeyOrder(names));
    expect(names).toEqual(expect.arrayContaining(['Zeta', 'alpha', 'team/a', 'Äpfel', 'プール', 'broken']));
    expect(first.targets.find((target) => target.name === 'broken')?.problems[0]).toMatch(
      /^Targets row "target"\/"broken" column ResourceId value "dev\/p1": /,
    );
    expect(first.unusableRows?.map((row) => row.name)).toEqual(['broken']);
  });
});

describe('GET /api/targets?limit after a tick', () => {
  it('pages through every target exactly once, in key order, with tag-discovered targets and rows out of key order', async () => {
    await app.tick();
    const unpaged = ((await app.http('GET', 'targets')).body as Page).targets.map((target) => target.name);
    const tagged = unpaged.filter((name) => name.startsWith('tag:'));
    expect(tagged).toHaveLength(1);
    for (const limit of [1, 3, 50]) {
      const { names, pages } = await allPages(limit);
      expect(names, `limit ${limit}`).toEqual(inKeyOrder(unpaged));
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(
        expect.arrayContaining([...NAMES, 'broken', 'twin1', 'twin2', 'elsewhere', ...tagged]),
      );
      expect(pages.every((each) => each.targets.length <= limit)).toBe(true);
    }
    // The unpaged list is in the same order.
    expect(unpaged).toEqual(inKeyOrder(unpaged));
  });

  it('states the total and the row report as the tick counted them, and how old they are', async () => {
    const unpaged = (await app.http('GET', 'targets')).body as Page;
    const first = await page('limit=1');
    expect(first.total).toBe(unpaged.targets.length);
    expect(first.summaryAsOf).toBe(new Date(app.clock.now).toISOString());
    // The rows that cannot be used are not on this page: their report comes from the summary.
    expect(first.targets.map((target) => target.name)).toEqual(['50%off']);
    expect(first.unusableRows).toEqual(unpaged.unusableRows);
    expect(first.unusableRows?.map((row) => row.name)).toEqual(['broken', 'twin1', 'twin2']);
    expect(first.unusableRows?.[1]?.problems[0]).toMatch(
      /the same resource is also registered by row "target"\/"twin2"/,
    );
    // On a page that reads them, the twins keep what the tick found: only the whole table shows it.
    const all = await page('limit=50');
    expect(all.unusableRows).toEqual(unpaged.unusableRows);
    const twin = all.targets.find((target) => target.name === 'twin1');
    expect(twin?.problems).toEqual(unpaged.targets.find((target) => target.name === 'twin1')?.problems);
  });

  it('continues after the name a token of the name-ordered pages before named', async () => {
    const token = Buffer.from(JSON.stringify({ after: 'twin1' }), 'utf8').toString('base64url');
    const next = await page(`limit=1&continuationToken=${token}`);
    expect(next.targets.map((target) => target.name)).toEqual(['twin2']);
  });

  it('shows a broken row typed in the portal on its page at once; the total counts it from the next tick', async () => {
    const counted = await page('limit=50');
    await app.services.storage.targets.rows.insert({
      partitionKey: 'target',
      rowKey: 'Aaa',
      ResourceId: poolId(SUBSCRIPTION, 'dev', 'p1'),
      Schedule: 'ofice',
    });
    const now = await page('limit=50');
    const typed = now.targets.find((target) => target.name === 'Aaa');
    expect(typed?.problems).toEqual([
      'Targets row "target"/"Aaa" column Schedule value "ofice": there is no schedule named "ofice"; use one of office',
    ]);
    expect(now.unusableRows?.map((row) => row.name)).toEqual(['Aaa', 'broken', 'twin1', 'twin2']);
    expect(now.total).toBe(counted.total);
    expect(now.summaryAsOf).toBe(counted.summaryAsOf);
    app.clock.now += 5 * MINUTE;
    await app.tick();
    const next = await page('limit=50');
    expect(next.total).toBe((counted.total ?? 0) + 1);
    expect(next.summaryAsOf).toBe(new Date(app.clock.now).toISOString());
  });
});
