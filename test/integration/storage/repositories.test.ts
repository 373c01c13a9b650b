import { describe, expect, it } from 'vitest';
import { RowChangedError } from '../../../shared/app/storage/RowChangedError.js';
import { STORAGE_BACKENDS } from '../../helpers/storageBackends.js';

describe.each(STORAGE_BACKENDS.map((backend) => [backend().name, backend] as const))(
  'repositories: %s',
  (_name, makeBackend) => {
    it('two writers racing on one schedule: both edits survive', async () => {
      const storage = await makeBackend().tableStorage();
      await storage.schedules.create({
        name: 'shared',
        definition: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin' },
      });
      // Both read the same version; each changes a different column.
      const [alice, bob] = await Promise.all([
        storage.schedules.get('shared'),
        storage.schedules.get('shared'),
      ]);
      const aliceEdit = storage.schedules.update('shared', (current) => ({
        ...current,
        definition: { ...current.definition, holidays: 'DE-BY' },
      }));
      const bobEdit = storage.schedules.update('shared', (current) => ({
        ...current,
        description: 'Platform team',
      }));
      await Promise.all([aliceEdit, bobEdit]);
      expect(alice?.row?.etag).toBe(bob?.row?.etag);
      const final = await storage.schedules.get('shared');
      expect(final).toMatchObject({
        definition: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Berlin', holidays: 'DE-BY' },
        description: 'Platform team',
      });
    });

    it('a write based on a stale read is refused, never applied', async () => {
      const storage = await makeBackend().tableStorage();
      const etag = await storage.schedules.create({ name: 'office', definition: { uptime: 'always' } });
      await storage.schedules.update('office', (current) => ({
        ...current,
        description: 'edited in the portal',
      }));
      await expect(
        storage.schedules.replace({ name: 'office', definition: { uptime: 'never' } }, etag),
      ).rejects.toBeInstanceOf(RowChangedError);
      expect((await storage.schedules.get('office'))?.definition.uptime).toBe('always');
    });

    it('keeps state, operations and overrides per target, and names with forbidden key characters', async () => {
      const storage = await makeBackend().tableStorage();
      const targetName = 'team/dev #1?';
      await storage.state.save({
        targetName,
        resourceId: '/subscriptions/s/x',
        memory: {
          firstSeenAt: 1000,
          lastDesired: 'stopped',
          pendingOperation: { action: 'stop', startedAt: 2000 },
        },
        desired: 'stopped',
        observed: 'stopping',
        nextTransition: 3000,
        problems: ['a', 'b'],
        updatedAt: 4000,
      });
      expect((await storage.state.load()).get(targetName)).toEqual({
        targetName,
        resourceId: '/subscriptions/s/x',
        memory: {
          firstSeenAt: 1000,
          lastDesired: 'stopped',
          pendingOperation: { action: 'stop', startedAt: 2000 },
        },
        desired: 'stopped',
        observed: 'stopping',
        nextTransition: 3000,
        problems: ['a', 'b'],
        updatedAt: 4000,
      });
      const etag = await storage.operations.put({
        targetName,
        resourceId: '/subscriptions/s/x',
        action: 'stop',
        transitionKey: 'k1',
        status: 'running',
        requestedAt: 4000,
        startedAt: 5000,
        scaleBeforeStop: { count: 3, enableAutoScaling: true, minCount: 1, maxCount: 5 },
      });
      await expect(
        storage.operations.put({
          targetName,
          resourceId: '/subscriptions/s/x',
          action: 'stop',
          transitionKey: 'k2',
          status: 'running',
          requestedAt: 6000,
          startedAt: 6000,
        }),
      ).rejects.toThrow('already has a row');
      const recorded = await storage.operations.get(targetName);
      expect(recorded).toMatchObject({
        transitionKey: 'k1',
        requestedAt: 4000,
        startedAt: 5000,
        status: 'running',
        scaleBeforeStop: { count: 3, enableAutoScaling: true, minCount: 1, maxCount: 5 },
        etag,
      });
      await storage.operations.put({
        ...(recorded as NonNullable<typeof recorded>),
        status: 'succeeded',
        endedAt: 7000,
      });
      await expect(
        storage.operations.put({ ...(recorded as NonNullable<typeof recorded>), status: 'failed' }),
      ).rejects.toThrow('changed or deleted');
      expect((await storage.operations.list()).map((operation) => operation.status)).toEqual(['succeeded']);
    });

    it('keeps the audit trail append-only and newest first, by target and since', async () => {
      const storage = await makeBackend().tableStorage();
      const entry = (at: number, targetName?: string) => ({
        at,
        action: 'stop',
        actor: 'schedule',
        reason: `at ${at}`,
        result: 'succeeded',
        ...(targetName ? { targetName } : {}),
      });
      for (const at of [1000, 3000, 2000]) await storage.audit.append(entry(at, 'pool-a'));
      await storage.audit.append(entry(2500, 'pool-b'));
      await storage.audit.append(entry(2500, 'pool-b'));
      await storage.audit.append(entry(4000));
      expect((await storage.audit.query()).map((found) => found.at)).toEqual([
        4000, 3000, 2500, 2500, 2000, 1000,
      ]);
      expect((await storage.audit.query({ targetName: 'pool-a' })).map((found) => found.at)).toEqual([
        3000, 2000, 1000,
      ]);
      expect(
        (await storage.audit.query({ targetName: 'pool-a', since: 2000 })).map((found) => found.at),
      ).toEqual([3000, 2000]);
      expect((await storage.audit.query({ since: 2500, limit: 2 })).map((found) => found.at)).toEqual([
        4000, 3000,
      ]);
    });
  },
);
