import { z } from 'zod';
import { NAME_LENGTH } from '../app/schedules/ScheduleTable.js';
import { named } from './CONTRACT.js';

/** The longest ARM resource ID accepted (a VM scale set in a long resource group name stays well under it). */
export const RESOURCE_ID_LENGTH = 1024;
export const DESCRIPTION_LENGTH = 1000;

/** The body of PUT /api/targets/{name}: the Targets row's columns a person sets. */
export const TargetRequest = named(
  'TargetRequest',
  z.strictObject({
    resourceId: z
      .string()
      .max(RESOURCE_ID_LENGTH)
      .describe('ARM ID of an AKS node pool, an AKS cluster or a VM scale set'),
    schedule: z.string().max(NAME_LENGTH),
    enabled: z.boolean().optional().describe('absent: true'),
    allowAksManagedScaleSet: z.boolean().optional().describe('absent: false'),
    description: z.string().max(DESCRIPTION_LENGTH).optional(),
  }),
);
export type TargetRequest = z.infer<typeof TargetRequest>;
