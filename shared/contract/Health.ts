import { z } from 'zod';
import { named } from './CONTRACT.js';
import { instant } from './fields.js';

export const Health = named(
  'Health',
  z.strictObject({
    status: z.literal('ok'),
    storage: z.literal('reachable'),
    dryRun: z.boolean(),
    tick: z.string().describe('the timer schedule of the tick (NCRONTAB)'),
    targetsWithState: z.number().int(),
    lastStateChange: instant.nullable().describe('the newest State row; null before the first tick'),
    warnings: z.array(z.string()).describe('settings that weaken safety'),
    maintenance: z
      .strictObject({
        windowsAttended: z.number().int(),
        windowsTotal: z.number().int(),
        targetsMissingWindows: z.array(z.string()),
        alerts: z.array(z.string()),
        warnings: z.number().int(),
      })
      .describe("the fleet's AKS maintenance windows in the next four weeks (docs/maintenance.md)"),
  }),
  'Storage reachable, last state change, dry run',
);
export type Health = z.infer<typeof Health>;
