import { z } from 'zod';
import { PaidTierEnum } from './Target.js';

/** The nodes and region of a target (shared/domain/ComputeFootprint.ts), as the API shows them. */
export const footprintFields = {
  location: z.string(),
  nodes: z.array(
    z.strictObject({
      vmSize: z.string(),
      count: z.number().int(),
      os: z.literal('Windows').optional().describe('absent: Linux'),
      licence: z
        .literal('Windows_Server')
        .optional()
        .describe('Azure Hybrid Benefit: Windows billed at the Linux rate'),
      priority: z.literal('Spot').optional().describe('billed on the Spot meter; absent: regular'),
    }),
  ),
  tier: PaidTierEnum.optional().describe("the cluster's paid AKS tier (sku.tier); absent: Free"),
};
