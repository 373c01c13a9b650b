import { describe, expect, it } from 'vitest';
import { StateTable, type TargetState } from '../../../shared/app/targets/StateTable.js';
import { STORAGE_BACKENDS } from '../../helpers/storageBackends.js';

const state: TargetState = {
  targetName: 'dev-user1',
  resourceId:
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev/agentPools/user1',
  memory: { lastDesired: 'running', startedAheadFor: Date.parse('2026-11-27T07:00:00Z') },
  startHistory: {
    samples: [{ ms: 600_000 }, { ms: 452_000 }, { ms: 1_800_000, atLeast: true }, { ms: 1_200_000 }],
    marginMs: 180_000,
    shape: 'standard_d4s_v5x3',
  },
  problems: [],
  updatedAt: Date.parse('2026-11-27T06:45:00Z'),
};

describe.each(STORAGE_BACKENDS.map((backend) => [backend().name, backend] as const))(
  'the start history in State rows: %s',
  (_name, makeBackend) => {
    it('reads back the starts (whole seconds, a failed one as at least), the margin, the shape and the up time a start was begun ahead for', async () => {
      const rows = await makeBackend().rowTable('State');
      const table = new StateTable(rows);
      await table.save(state);
      const [row] = await rows.list({ partitionKey: StateTable.partitionKey });
      expect(row).toMatchObject({
        StartDurations: '600,452,1800+,1200',
        StartLeadMargin: '180',
        StartShape: 'standard_d4s_v5x3',
      });
      const loaded = (await table.load()).get('dev-user1');
      expect(loaded?.startHistory).toEqual(state.startHistory);
      expect(loaded?.memory.startedAheadFor).toBe(Date.parse('2026-11-27T07:00:00Z'));
      expect(StateTable.differs(state, loaded as TargetState)).toBe(false);
      expect(
        StateTable.differs(state, { ...state, startHistory: { samples: [{ ms: 600_000 }], marginMs: 0 } }),
      ).toBe(true);
    });

    it('treats a StartDurations cell edited into something else as no starts (the default lead, which errs long)', async () => {
      const rows = await makeBackend().rowTable('State');
      await new StateTable(rows).save(state);
      const [row] = await rows.list({ partitionKey: StateTable.partitionKey });
      await rows.upsert({ ...row, partitionKey: 'state', rowKey: 'dev-user1', StartDurations: '600,soon' });
      const loaded = (await new StateTable(rows).load()).get('dev-user1');
      expect(loaded?.startHistory).toEqual({ samples: [], marginMs: 0, shape: 'standard_d4s_v5x3' });
    });
  },
);
