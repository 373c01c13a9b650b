import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildPage } from '../../dev/buildPage.js';
import { startApp, SUBSCRIPTION, type AppHarness } from '../helpers/appHarness.js';
import { appServicePrincipal } from '../helpers/appServicePrincipal.js';
import { poolId, registerCatalog } from '../helpers/catalogRows.js';
import { startStatusPageServer } from '../helpers/statusPageServer.js';

interface Page {
  targets: { name: string }[];
  total?: number;
  continuationToken?: string;
  unusableRows?: unknown[];
}

const POOLS = 23;
let app: AppHarness;

beforeAll(async () => {
  app = await startApp({ WEBSITE_AUTH_ENABLED: 'true' }, {}, '2026-11-26T20:00:00Z');
  const pools = Array.from({ length: POOLS }, (_, index) => `user${String(index).padStart(2, '0')}`);
  app.arm.state.addCluster({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'dev',
    pools: [{ name: 'system', mode: 'System' }, ...pools.map((name) => ({ name }))],
  });
  await registerCatalog(
    app.services.storage,
    { office: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' } },
    Object.fromEntries(
      pools.map((pool) => [
        `dev-${pool}`,
        { resourceId: poolId(SUBSCRIPTION, 'dev', pool), schedule: 'office' },
      ]),
    ),
  );
  await app.tick();
});
afterAll(async () => app.stop());

describe('GET /api/targets, one page at a time', () => {
  it('pages through every target once, in key order, with the total on every page', async () => {
    const unpaged = (await app.http('GET', 'targets')).body as Page;
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const response = await app.http(
        'GET',
        `targets?limit=10${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`,
      );
      expect(response.status).toBe(200);
      const page = response.body as Page;
      expect(page.total).toBe(unpaged.targets.length);
      expect(page.targets.length).toBeLessThanOrEqual(10);
      expect(page.unusableRows !== undefined).toBe(pages === 0);
      seen.push(...page.targets.map((target) => target.name));
      token = page.continuationToken;
      pages++;
    } while (token);
    expect(seen).toEqual(unpaged.targets.map((target) => target.name));
    expect(seen).toHaveLength(POOLS);
    expect(pages).toBe(3);
  });

  it('reads the Targets table once for a page and its row report, paged or not', async () => {
    const reads = vi.spyOn(app.services.storage.targets.rows, 'list');
    try {
      for (const query of ['targets?limit=10', 'targets']) {
        reads.mockClear();
        const page = (await app.http('GET', query)).body as Page;
        expect(page.unusableRows, query).toEqual([]);
        expect(reads, query).toHaveBeenCalledTimes(1);
      }
    } finally {
      reads.mockRestore();
    }
  });

  it('refuses a limit out of range and a token it did not make, naming the field', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      ['continuationToken=not-ours', 'continuationToken'],
    ] as const) {
      const response = await app.http('GET', `targets?${query}`);
      expect(response.status, query).toBe(400);
      expect((response.body as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual([
        field,
      ]);
    }
  });
});

describe('GET /api/me', () => {
  it('says who is signed in and whether they may change things, by the rule the changing routes apply', async () => {
    expect(
      (
        await app.http('GET', 'me', {
          headers: {
            'x-ms-client-principal': appServicePrincipal('alice@contoso.example', ['OffHours.Operator']),
          },
        })
      ).body,
    ).toEqual({
      signedIn: true,
      name: 'alice@contoso.example',
      roles: ['OffHours.Operator'],
      appServiceAuthentication: true,
      canChange: true,
    });
    const reader = await app.http('GET', 'me', {
      headers: { 'x-ms-client-principal': appServicePrincipal('bob@contoso.example', []) },
    });
    expect(reader.body).toMatchObject({ signedIn: true, name: 'bob@contoso.example', canChange: false });
    expect((reader.body as { whyNot: string }).whyNot).toContain('may not change things');
    // The changing routes agree: bob is refused.
    const refused = await app.http('POST', 'targets/dev-user00/stop', {
      body: {},
      headers: { 'x-ms-client-principal': appServicePrincipal('bob@contoso.example', []) },
    });
    expect(refused.status).toBe(403);
    expect((await app.http('GET', 'me')).body).toMatchObject({
      signedIn: false,
      name: 'function key',
      canChange: true,
    });
  });
});

describe('the status page route', () => {
  it('GET /api/ui answers the page: HTML with its script inline and a Content-Security-Policy', async () => {
    await buildPage();
    const response = await app.http('GET', 'ui');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('sends its Content-Security-Policy as a header too, with frame-ancestors none (issue 27, item 8)', async () => {
    await buildPage();
    const response = await app.http('GET', 'ui');
    const policy = response.headers['content-security-policy'] ?? '';
    expect(policy).toContain("frame-ancestors 'none'");
    // The header allows what the <meta> allows, no more: the page's own script and style by hash.
    const page = await fetchPageHtml();
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1] ?? '';
    expect(meta).not.toBe('');
    expect(policy).toBe(`${meta}; frame-ancestors 'none'`);
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('the local runner sends a browser at / to the page, and serves the page itself', async () => {
    const server = await startStatusPageServer();
    try {
      const root = await fetch(`${server.url}/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/api/ui');
      const index = (await (await fetch(`${server.url}/`)).json()) as { statusPage: string };
      expect(index.statusPage).toMatch(/\/api\/ui$/);
      const page = await fetch(`${server.url}/api/ui`);
      const html = await page.text();
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(html).toMatch(
        /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/,
      );
      expect(html).not.toMatch(/<script[^>]+src=/);
    } finally {
      await server.stop();
    }
  });
});

async function fetchPageHtml(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(new URL('../../dist/ui/index.html', import.meta.url), 'utf8');
}
