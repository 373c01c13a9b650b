import { describe, expect, it } from 'vitest';
import { StateTable, type TargetState } from '../../../shared/app/tables/StateTable.js';
import { STORAGE_BACKENDS } from '../../helpers/storageBackends.js';

const state: TargetState = {
  targetName: 'dev-user1',
  resourceId:
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user1',
  memory: { lastDesired: 'running', startedAheadFor: Date.parse('2026-11-27T07:00:00Z') },
  startDurations: [600_000, 452_000, 1_200_000],
  problems: [],
  updatedAt: Date.parse('2026-11-27T06:45:00Z'),
};

describe.each(STORAGE_BACKENDS.map((backend) => [backend().name, backend] as const))(
  'the start history in State rows: %s',
  (_name, makeBackend) => {
    it('reads back the start durations (whole seconds) and the up time a start was begun ahead for', async () => {
      const table = new StateTable(await makeBackend().rowTable('State'));
      await table.save(state);
      const loaded = (await table.load()).get('dev-user1');
      expect(loaded?.startDurations).toEqual([600_000, 452_000, 1_200_000]);
      expect(loaded?.memory.startedAheadFor).toBe(Date.parse('2026-11-27T07:00:00Z'));
      expect(StateTable.differs(state, loaded as TargetState)).toBe(false);
      expect(StateTable.differs(state, { ...state, startDurations: [600_000] })).toBe(true);
    });

    it('treats a StartDurations cell edited into something else as no history', async () => {
      const rows = await makeBackend().rowTable('State');
      await new StateTable(rows).save(state);
      const [row] = await rows.list({ partitionKey: StateTable.partitionKey });
      await rows.upsert({ ...row, partitionKey: 'state', rowKey: 'dev-user1', StartDurations: '600,soon' });
      expect((await new StateTable(rows).load()).get('dev-user1')?.startDurations).toBeUndefined();
    });
  },
);
