import { z } from 'zod';
import type { TargetKind } from '../domain/PowerState.js';
import { named } from './CONTRACT.js';
import { day, instant } from './fields.js';
import { footprintFields } from './footprint.js';
import { TargetKindEnum } from './Target.js';

/** The query of GET /api/savings. */
export const SavingsQuery = z.strictObject({
  from: z
    .string()
    .optional()
    .describe(
      'a date (YYYY-MM-DD: midnight UTC) or an ISO 8601 time with an offset, not after now (400 otherwise); default: the start of this month (UTC)',
    ),
  to: z
    .string()
    .optional()
    .describe(
      'exclusive, in the same forms as from; default: the start of the month after from; at most 366 days after from. Nothing is counted past now',
    ),
  target: z
    .string()
    .optional()
    .describe("one target's name: the report covers only it (the status page's target view)"),
});

export const SavingFigures = named(
  'SavingFigures',
  z.strictObject({
    hours: z.number(),
    nodeHours: z.number(),
    coveredNodeHours: z
      .number()
      .describe(
        'node-hours covered by a reservation or the savings plan (OFFHOURS_RESERVATIONS, OFFHOURS_SAVINGS_PLAN_HOURLY): saved nothing but a Windows licence',
      ),
    listAmount: z.number(),
    amount: z.number(),
    currency: z.string().describe('ISO 4217, from OFFHOURS_CURRENCY'),
    discountPercent: z.number().describe('OFFHOURS_DISCOUNT_PERCENT'),
    unpriced: z.array(z.string()),
    variable: z.boolean().describe("part of the amount is on Spot meters, at today's price"),
  }),
  "`amount` is `listAmount` (pay-as-you-go prices of each node's meter, less what commitments pay, plus a stopped cluster's tier fee) less `discountPercent`, in `currency`; meters in `unpriced` add hours but no money",
);

export const GroupSavings = named(
  'GroupSavings',
  z.strictObject({
    saved: SavingFigures,
    forecast: SavingFigures.describe(
      'the rest of the current month (UTC), from the schedules; zero when the period is over (no forecastPeriod)',
    ),
    stillBilledWhileStopped: z
      .strictObject({ amount: z.number(), currency: z.string(), unpriced: z.array(z.string()) })
      .describe(
        "the targets' stillBilled.whileStopped added, at list price: what kept billing while they were stopped; unpriced names what is unknown of it (the amount is then at least that)",
      ),
    targets: z.number().int(),
  }),
);

export const TargetSavings = named(
  'TargetSavings',
  z.strictObject({
    target: z.string(),
    resourceId: z.string(),
    kind: TargetKindEnum satisfies z.ZodType<TargetKind>,
    schedule: z.string().optional(),
    subscriptionId: z.string(),
    footprint: z
      .strictObject({
        ...footprintFields,
        description: z.string().describe('in words, e.g. `3 × Standard_D4s_v5 in japaneast`'),
        observed: z
          .enum(['before-stop', 'now'])
          .describe(
            '`before-stop`: seen before the last stop; `now`: the current profile of a target never stopped yet (used for the forecast only)',
          ),
      })
      .optional()
      .describe('the nodes and region last observed before a stop, or the profile now'),
    saved: SavingFigures,
    forecast: SavingFigures.optional().describe(
      'the rest of the current month (UTC), from the schedule; absent when the period is over',
    ),
    stillBilled: z
      .strictObject({
        items: z.array(z.string()),
        source: z.url(),
        whileStopped: z
          .strictObject({
            amount: z.number(),
            currency: z.string(),
            items: z.array(z.string()),
            unpriced: z.array(z.string()),
            observedAt: instant
              .optional()
              .describe('the day (midnight UTC) the node resource group was read'),
          })
          .optional()
          .describe(
            "billed over the hours stopped in the period, at list price: a stopped pool's cluster's tier fee, and what stays in Azure as observed in the node resource group (disks by tier, public IPs, load balancer rules); unpriced names what could not be priced or observed (the amount is then at least that)",
          ),
      })
      .describe(
        'what keeps billing while stopped, as Microsoft documents it; what has a meter is priced in whileStopped',
      ),
    stopped: z
      .array(
        z.strictObject({
          from: instant,
          to: instant,
          ongoing: z.boolean(),
          nodes: z.string().optional(),
        }),
      )
      .describe('each time stopped in the period: from the stop succeeding to the next start begun'),
  }),
);

export const CostComparison = named(
  'CostComparison',
  z.strictObject({
    estimated: z.number().describe("the app's estimate of the compute cost, priced as the savings"),
    actual: z.number().describe('what Cost Management billed'),
    differencePercent: z
      .number()
      .nullable()
      .describe('(estimated − actual) / actual in %; null when the bill is 0 and the estimate is not'),
    flagged: z.boolean().describe('they differ by more than thresholdPercent'),
  }),
);

export const BillCheck = named(
  'BillCheck',
  z.discriminatedUnion('available', [
    z.strictObject({
      available: z.literal(true),
      from: instant,
      to: instant.describe('exclusive'),
      currency: z.string(),
      thresholdPercent: z.number(),
      total: CostComparison,
      targets: z.array(
        z.strictObject({
          target: z.string(),
          estimated: z.number(),
          actual: z.number(),
          differencePercent: z.number().nullable(),
          flagged: z.boolean(),
          unpriced: z.array(z.string()),
          days: z.array(z.strictObject({ date: day, estimated: z.number(), actual: z.number() })),
        }),
      ),
      unavailable: z
        .array(z.strictObject({ subscriptionId: z.string(), reason: z.string() }))
        .describe('subscriptions whose bill could not be read; their targets are left out'),
    }),
    z.strictObject({ available: z.literal(false), reason: z.string() }),
  ]),
  'estimated against billed compute cost for whole UTC days (docs/savings.md, "Checked against the bill"); available false with the reason when the bill cannot be read (never 0)',
);

export const SavingsReport = named(
  'SavingsReport',
  z.strictObject({
    from: instant,
    to: instant,
    countedTo: instant.describe('the end of the period, or now if sooner'),
    currency: z.string(),
    discountPercent: z.number(),
    forecastPeriod: z
      .strictObject({ from: instant, to: instant })
      .optional()
      .describe(
        'the rest of the current month (UTC) the forecasts cover; absent when the period ends by now (last month) or the month is over',
      ),
    total: GroupSavings,
    targets: z.array(TargetSavings),
    schedules: z.array(GroupSavings.extend({ schedule: z.string() })),
    subscriptions: z.array(GroupSavings.extend({ subscriptionId: z.string() })),
    commitments: z
      .strictObject({
        reservations: z.array(
          z.strictObject({ vmSize: z.string(), location: z.string(), count: z.number().int() }),
        ),
        savingsPlanHourly: z.number(),
      })
      .describe('the reservations and savings plan counted (settings): the nodes they cover save nothing'),
    prices: z
      .array(
        z.strictObject({
          priced: z
            .string()
            .describe('e.g. Standard_D4s_v5, Standard_D4s_v5 Windows Spot, AKS Standard tier'),
          location: z.string(),
          hourly: z.number(),
          currency: z.string(),
          meterName: z.string(),
          productName: z.string(),
          effectiveStartDate: instant.optional(),
          variable: z.boolean().optional().describe('a Spot price: it varies'),
        }),
      )
      .describe('the pay-as-you-go prices used (in effect today), from the Azure Retail Prices API'),
    priceProblems: z.array(z.string()),
    billCheck: BillCheck.optional(),
  }),
);
export type SavingsReport = z.infer<typeof SavingsReport>;
