import { afterEach, describe, expect, it } from 'vitest';
import { exportCatalog } from '../../shared/app/catalog/exportCatalog.js';
import { planCatalogImport } from '../../shared/app/catalog/planCatalogImport.js';
import { SUBSCRIPTION } from '../helpers/appHarness.js';
import { poolId } from '../helpers/catalogRows.js';
import { startNoticeApp, type NoticeApp } from '../helpers/noticeApp.js';

let notices: NoticeApp;
afterEach(async () => notices.stop());

describe('the Notify column', () => {
  it('is read as typed in the portal, without a warning, and a PUT through the API keeps it', async () => {
    notices = await startNoticeApp();
    const { app } = notices;
    const { storage } = app.services;
    await storage.schedules.rows.upsert({
      partitionKey: 'schedule',
      rowKey: 'late',
      Uptime: 'Mon-Fri 10:00-22:00',
      TimeZone: 'UTC',
      Notify: '  slack ,teams ',
    });
    const loaded = await storage.schedules.load();
    expect(loaded.records.find((record) => record.name === 'late')?.notify).toBe('slack ,teams');
    expect(loaded.warnings).toEqual([]);

    const schedule = await app.http('GET', 'schedules/late');
    const put = await app.http('PUT', 'schedules/late', {
      body: { uptime: 'Mon-Fri 09:00-22:00', timeZone: 'UTC' },
      headers: { 'if-match': (schedule.body as { etag: string }).etag },
    });
    expect(put.status).toBe(200);
    expect((await storage.schedules.rows.get('schedule', 'late'))?.['Notify']).toBe('slack ,teams');

    const target = await app.http('GET', 'targets/dev-b');
    const replaced = await app.http('PUT', 'targets/dev-b', {
      body: { resourceId: poolId(SUBSCRIPTION, 'dev', 'b'), schedule: 'late' },
      headers: { 'if-match': (target.body as { etag: string }).etag },
    });
    expect(replaced.status).toBe(200);
    expect((await storage.targets.rows.get('target', 'dev-b'))?.['Notify']).toBe('hook, slack');
  });

  it('goes through export and import unchanged', async () => {
    notices = await startNoticeApp();
    const { storage } = notices.app.services;
    const { catalog } = await exportCatalog(storage);
    expect(catalog.schedules?.['office']).toMatchObject({ notify: 'slack, teams' });
    expect(catalog.targets?.['dev-b']).toMatchObject({ notify: 'hook, slack' });
    expect(await planCatalogImport(catalog, storage, 'catalog.yaml', false)).toMatchObject({ changes: [] });
    const changed = structuredClone(catalog);
    changed.targets!['dev-b']!.notify = 'teams';
    expect((await planCatalogImport(changed, storage, 'catalog.yaml', false)).changes).toMatchObject([
      {
        kind: 'target',
        action: 'update',
        name: 'dev-b',
        fields: [{ field: 'Notify', from: 'hook, slack', to: 'teams' }],
      },
    ]);
  });
});
