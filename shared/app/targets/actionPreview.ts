import type { ActionPreview as ActionPreviewAnswer } from '../../contract/ActionPreview.js';
import { describeActionPlan, overrideWords, skipWordsOf } from '../../domain/actionWords.js';
import type { OverrideKind } from '../../domain/Override.js';
import {
  TARGET_ACTIONS,
  type ActionPlan,
  type TargetAction,
  type UntilChoice,
} from '../../domain/planTargetAction.js';
import { hoursBetween, whenFrom } from '../../domain/whenIn.js';
import type { ScheduledTarget } from '../catalog/loadCatalog.js';
import type { DecisionLine } from '../reconciliation/Reconciler.js';
import { ValidationError } from '../problems/RequestErrors.js';

/** The query of `GET /api/targets/{name}/preview`: the action and, as in its body, until or duration. */
export interface PreviewQuery {
  action: string | null;
  until?: string;
  duration?: string;
}

/** What an action would do: the contract's ActionPreview (shared/contract/ActionPreview.ts). */
export type ActionPreview = ActionPreviewAnswer;
type UntilChoiceView = NonNullable<ActionPreviewAnswer['keepRunning']>['suggested'];

const iso = (instant: number) => new Date(instant).toISOString();

export function readAction(value: string | null): TargetAction {
  const action = TARGET_ACTIONS.find((candidate) => candidate === value);
  if (action) return action;
  throw new ValidationError([
    {
      field: 'action',
      value: value ?? undefined,
      message: `must be one of ${TARGET_ACTIONS.join(', ')}`,
    },
  ]);
}

/** The action a request to the override routes stands for: start and stop are holds. */
export function actionOf(kind: OverrideKind, hold?: 'keep-running' | 'keep-stopped'): TargetAction {
  if (hold) return hold === 'keep-running' ? 'start' : 'stop';
  return kind;
}

/** What the tick's rules would do now with the action's override, in words. */
function changeWordsOf(name: string, decision: DecisionLine | undefined, now: number, zone: string): string {
  if (!decision) return `Nothing is started or stopped now: ${name} is held until its problems are fixed.`;
  if (decision.action === 'start') return `${name} is started now.`;
  if (decision.action === 'stop') return `${name} is stopped now.`;
  if (decision.desired !== undefined && decision.observed === decision.desired)
    return `${name} is already ${decision.observed}: nothing is started or stopped now.`;
  return `Nothing is started or stopped now: ${peopleWords(decision.reason, now, zone)}.`;
}

const OVERRIDE_NAMES: Record<OverrideKind, string> = {
  'keep-running': 'keep running',
  'keep-stopped': 'keep stopped',
  'skip-next-stop': 'skip the next stop',
  'skip-next-start': 'skip the next start',
};

/** The tick's reason as people read it: its ISO times in the schedule's zone, overrides by name. */
function peopleWords(reason: string, now: number, zone: string): string {
  return reason
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, (instant) =>
      whenFrom(Date.parse(instant), now, zone),
    )
    .replace(
      /\b(keep-running|keep-stopped|skip-next-stop|skip-next-start)\b/g,
      (kind) => `“${OVERRIDE_NAMES[kind as OverrideKind]}”`,
    )
    .replace(/\bdesired\b/g, 'asked for');
}

export function previewOf(
  name: string,
  scheduled: ScheduledTarget,
  plan: ActionPlan,
  decision: DecisionLine | undefined,
  choices: { suggested: UntilChoice; choices: UntilChoice[] } | undefined,
): ActionPreview {
  const zone = scheduled.schedule.schedule.displayZone;
  const described = describeActionPlan(plan, name, zone);
  const changeWords = changeWordsOf(name, decision, plan.now, zone);
  const { override, skipped, replaces } = plan;
  const choiceView = (choice: UntilChoice): UntilChoiceView => ({
    label: choice.label,
    until: iso(choice.until),
    words: whenFrom(choice.until, plan.now, zone),
    warnings: choice.warnings.map(
      (code) => describeActionPlan({ ...plan, warnings: [{ code }] }, name, zone).warnings[0]?.words ?? code,
    ),
  });
  return {
    target: name,
    action: plan.action,
    zone,
    words: `${described.words} ${changeWords}`,
    ...(override
      ? {
          override: {
            kind: override.kind,
            effect: override.effect,
            from: iso(override.from),
            until: iso(override.until),
          },
        }
      : {}),
    now: {
      desired: plan.desiredNow,
      ...(plan.stretchUntil !== undefined
        ? { until: iso(plan.stretchUntil), hours: hoursBetween(plan.now, plan.stretchUntil) }
        : {}),
      words: described.now,
    },
    ...(skipped
      ? {
          skipped: {
            at: iso(skipped.at),
            until: iso(skipped.until),
            hours: skipped.to === undefined ? 0 : hoursBetween(Math.max(skipped.from, plan.now), skipped.to),
            tonight: skipped.tonight,
            label: skipWordsOf(plan, zone)?.label ?? '',
            words: described.skipped ?? '',
          },
        }
      : {}),
    change: decision?.action ?? 'none',
    changeWords,
    ...(replaces
      ? {
          replaces: {
            kind: replaces.kind,
            from: iso(replaces.from),
            until: iso(replaces.until),
            ...(replaces.createdBy ? { createdBy: replaces.createdBy } : {}),
            ...(replaces.reason ? { reason: replaces.reason } : {}),
            words: overrideWords(replaces, plan.now, zone),
          },
        }
      : {}),
    warnings: described.warnings,
    ...(choices
      ? {
          keepRunning: { suggested: choiceView(choices.suggested), choices: choices.choices.map(choiceView) },
        }
      : {}),
  };
}
