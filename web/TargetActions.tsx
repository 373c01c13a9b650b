import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, explain, segment } from './api.js';
import type { OverrideResult, Target } from './apiTypes.js';
import { localTimesIn, overrideLabel, timeIn, viewerZone } from './format.js';
import { KeepRunningUntil, keepRunningChoices, localInputValue } from './KeepRunningUntil.js';

type ActionKind = 'keep-running' | 'skip-tonight' | 'start' | 'stop' | 'remove';

const LABELS: Record<ActionKind, string> = {
  'keep-running': 'Keep running until…',
  'skip-tonight': 'Skip tonight',
  start: 'Start now',
  stop: 'Stop now',
  remove: 'Remove override',
};

function both(iso: string | undefined, target: Target): string {
  if (!iso) return 'the schedule’s next change';
  return `${timeIn(iso, target.zone)} ${target.zone ?? ''} (yours: ${timeIn(iso, viewerZone())})`;
}

/** What pressing Confirm will do, in words, before it is done. */
function willHappen(kind: ActionKind, target: Target, untilIso: string | undefined): string {
  const replacing = target.override
    ? ` It replaces the current override (${overrideLabel(target.override.kind)}${target.override.createdBy ? ` by ${target.override.createdBy}` : ''}).`
    : '';
  switch (kind) {
    case 'keep-running':
      return `${target.name} is kept running until ${both(untilIso, target)}, whatever the schedule says; if it is stopped now it is started at once.${replacing}`;
    case 'skip-tonight':
      return `The next scheduled stop of ${target.name}${target.desired === 'running' ? ` (${both(target.nextTransition, target)})` : ''} is skipped: it stays up until the start after it.${replacing}`;
    case 'start':
      return `${target.name} is started now and kept running until the schedule’s next change (${both(target.nextTransition, target)}).${replacing}`;
    case 'stop':
      return `${target.name} is stopped now and kept stopped until the schedule’s next change (${both(target.nextTransition, target)}).${replacing}`;
    case 'remove':
      return `The override (${target.override ? overrideLabel(target.override.kind) : ''}) is removed and the schedule decides again at once: ${target.name} may be started or stopped right away.`;
  }
}

async function perform(kind: ActionKind, target: Target, untilIso: string | undefined, reason: string) {
  const path = `targets/${segment(target.name)}`;
  const ifMatch = target.override?.etag;
  // The override read, or none: then If-None-Match: *, so that one set since is not replaced unseen (412).
  const preconditions = ifMatch ? { ifMatch } : { ifNoneMatch: '*' };
  const withReason = reason.trim() === '' ? {} : { reason: reason.trim() };
  switch (kind) {
    case 'keep-running':
      return call<OverrideResult>('POST', `${path}/override`, {
        body: { kind: 'keep-running', until: untilIso, ...withReason },
        ...preconditions,
      });
    case 'skip-tonight':
      return call<OverrideResult>('POST', `${path}/override`, {
        body: { kind: 'skip-next-stop', ...withReason },
        ...preconditions,
      });
    case 'start':
    case 'stop':
      return call<OverrideResult>('POST', `${path}/${kind}`, { body: withReason, ...preconditions });
    case 'remove':
      return call<OverrideResult>('DELETE', `${path}/override`, { ifMatch: ifMatch ?? '*' });
  }
}

/** The buttons that change a target; each says what will happen and asks before it does it. */
export function TargetActions({ target, reload }: { target: Target; reload: () => Promise<void> }) {
  const [pending, setPending] = useState<ActionKind | undefined>();
  const [until, setUntil] = useState(() => localInputValue(keepRunningChoices(target, Date.now()).proposed));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const kinds: ActionKind[] = [
    'keep-running',
    'skip-tonight',
    'start',
    'stop',
    ...(target.override ? (['remove'] as const) : []),
  ];
  const panel = useRef<HTMLDivElement>(null);
  // Keyboard users land on the explanation of what will happen, then Tab to its fields and Confirm.
  useEffect(() => {
    if (pending) panel.current?.focus();
  }, [pending]);
  const untilIso = pending === 'keep-running' && until ? new Date(until).toISOString() : undefined;

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const { body } = await perform(pending, target, untilIso, reason);
      setResult({
        ok: true,
        text: [body.summary, body.outcome?.message].filter((line) => line).join('. ') || 'Done.',
      });
      setPending(undefined);
      setReason('');
    } catch (error) {
      setResult({ ok: false, text: explain(error) });
      if (error instanceof ApiError && error.status === 412) setPending(undefined);
    } finally {
      setBusy(false);
      await reload();
    }
  };

  return (
    <section class="actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">Change it</h2>
      <div class="buttons">
        {kinds.map((kind) => (
          <button
            type="button"
            aria-pressed={pending === kind}
            onClick={() => {
              setPending(kind);
              setResult(undefined);
            }}
          >
            {LABELS[kind]}
          </button>
        ))}
      </div>
      {pending ? (
        <div
          class="confirm"
          role="group"
          aria-labelledby="confirm-heading"
          data-testid="confirm"
          tabIndex={-1}
          ref={panel}
        >
          <h3 id="confirm-heading">{LABELS[pending].replace('…', '')}: what will happen</h3>
          {pending === 'keep-running' ? (
            <KeepRunningUntil target={target} value={until} onChange={setUntil} />
          ) : null}
          <p data-testid="will-happen">{willHappen(pending, target, untilIso)}</p>
          {pending !== 'remove' ? (
            <label>
              Reason (kept in the audit trail)
              <input
                type="text"
                value={reason}
                maxLength={1000}
                onInput={(event) => setReason(event.currentTarget.value)}
              />
            </label>
          ) : null}
          <div class="buttons">
            <button type="button" class="primary" disabled={busy} onClick={() => void confirm()}>
              Confirm
            </button>
            <button type="button" disabled={busy} onClick={() => setPending(undefined)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      <div role="status" aria-live="polite" data-testid="result">
        {result ? (
          <p class={result.ok ? 'ok' : 'error'}>{localTimesIn(result.text, target.zone ?? 'UTC')}</p>
        ) : null}
      </div>
    </section>
  );
}
