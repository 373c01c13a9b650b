import { z } from 'zod';
import { TARGET_ACTIONS, type ActionWarningCode, type TargetAction } from '../domain/planTargetAction.js';
import { named } from './CONTRACT.js';
import { enumOf, instant } from './fields.js';
import { DesiredStateEnum, OverrideKindEnum } from './Target.js';

export const TargetActionEnum = z.enum(TARGET_ACTIONS as [TargetAction, ...TargetAction[]]);

/** The query of GET /api/targets/{name}/preview (the action's body in query parameters). */
export const ActionPreviewQuery = z.strictObject({
  action: TargetActionEnum.describe(
    'start and stop are POST /targets/{name}/start and /stop; keep-running, keep-stopped, skip-next-stop and skip-next-start are POST /targets/{name}/override; remove is DELETE /targets/{name}/override',
  ),
  until: z
    .string()
    .meta({ format: 'date-time' })
    .optional()
    .describe(
      'as in the action’s body: ISO 8601 with an offset; keep-running without until or duration previews the suggested end (`keepRunning.suggested`)',
    ),
  duration: z.string().optional().describe('as in the action’s body: ISO 8601, e.g. PT2H'),
});

export const UntilChoice = named(
  'UntilChoice',
  z.strictObject({
    label: z
      .string()
      .describe('short, for a button: "+1 h", "+2 h", "until 22:00", "until the next up time"'),
    until: instant.describe('pass it as `until`'),
    words: z.string().describe('the end in the schedule’s zone, e.g. "today 22:00"'),
    warnings: z.array(z.string()).describe('this choice changes nothing, or shortens the current override'),
  }),
);

export const ActionPreview = named(
  'ActionPreview',
  z.strictObject({
    target: z.string(),
    action: TargetActionEnum,
    zone: z.string().describe('the schedule’s zone, in which every time in `words` is given'),
    words: z
      .string()
      .describe(
        'what pressing Confirm does, in people’s words: times in the schedule’s zone, named (no ISO 8601), how long the target stays up or down, the override replaced, the change made now, and the warnings',
      ),
    override: z
      .strictObject({ kind: OverrideKindEnum, effect: DesiredStateEnum, from: instant, until: instant })
      .optional()
      .describe('the override the action would write (absent for remove)'),
    now: z
      .strictObject({
        desired: DesiredStateEnum,
        until: instant.optional(),
        hours: z.number().optional().describe('from now until `until`'),
        words: z.string(),
      })
      .describe(
        'the state asked for from now on, and until when it lasts before the schedule (or the override) changes it',
      ),
    skipped: z
      .strictObject({
        at: instant,
        until: instant.describe('the transition after it, when the skip ends'),
        hours: z
          .number()
          .describe(
            'how long the target stays up (or down) in a row, from now at the earliest, the skipped night included',
          ),
        tonight: z.boolean(),
        label: z
          .string()
          .describe(
            'the control’s name, as the status page’s button and a notice’s link say it: “Skip tonight’s 20:00 stop”, “Skip Monday’s 20:00 stop”',
          ),
        words: z
          .string()
          .describe(
            '“skip Monday’s 20:00 stop: up until Tuesday 08:00, 12 h longer”, in the schedule’s zone',
          ),
      })
      .optional()
      .describe(
        'skips: the scheduled stop (or start) skipped; `tonight` false when there is none this evening and a later one is skipped',
      ),
    change: z
      .enum(['start', 'stop', 'none'])
      .describe('what would be enqueued now, decided by the tick’s rules on what was last observed'),
    changeWords: z.string(),
    replaces: z
      .strictObject({
        kind: z.string(),
        from: instant.optional(),
        until: instant,
        createdBy: z.string().optional(),
        reason: z.string().optional(),
        words: z.string(),
      })
      .optional()
      .describe('the override in effect (or waiting) that the action replaces or removes'),
    warnings: z.array(
      z.strictObject({
        code: enumOf<ActionWarningCode>()([
          'changes-nothing',
          'shortens-override',
          'no-stop-tonight',
          'no-start-tomorrow',
          'long',
        ]),
        words: z.string(),
      }),
    ),
    keepRunning: z
      .strictObject({ suggested: UntilChoice, choices: z.array(UntilChoice) })
      .optional()
      .describe(
        'keep-running only: the suggested end (the next stop plus 2 h, or 22:00 in the schedule’s zone if later) and quick choices',
      ),
  }),
);
export type ActionPreview = z.infer<typeof ActionPreview>;
