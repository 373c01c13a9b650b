import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, explain, segment } from './api.js';
import type { ActionPreview, OverrideResult, Target } from './apiTypes.js';
import { localTimesIn } from './format.js';
import { KeepRunningUntil, localInputValue } from './KeepRunningUntil.js';

type ActionKind = 'keep-running' | 'skip-tonight' | 'start' | 'stop' | 'remove';

const LABELS: Record<ActionKind, string> = {
  'keep-running': 'Keep running until…',
  // Until the preview names the stop ("Skip tonight’s 20:00 stop", "Skip Monday’s 20:00 stop").
  'skip-tonight': 'Skip the next stop',
  start: 'Start now',
  stop: 'Stop now',
  remove: 'Remove override',
};

/** The preview's name for each button's action (GET /api/targets/{name}/preview). */
const PREVIEWED: Record<ActionKind, ActionPreview['action']> = {
  'keep-running': 'keep-running',
  'skip-tonight': 'skip-next-stop',
  start: 'start',
  stop: 'stop',
  remove: 'remove',
};

/**
 * What pressing Confirm will do, as the API works it out by the same rules as doing it (issue 24):
 * the page builds no such sentence of its own.
 */
function usePreview(kind: ActionKind | undefined, target: Target, untilIso: string | undefined) {
  type Answer = { ok: true; body: ActionPreview } | { ok: false; text: string };
  // Each answer is kept with the question it answers: until the new question's answer comes, there is
  // none (never the words of another time, not even for one render).
  const question = kind ? `${target.name}|${kind}|${untilIso ?? ''}|${target.override?.etag ?? ''}` : '';
  const [preview, setPreview] = useState<{ question: string; answer: Answer }>();
  useEffect(() => {
    if (!kind) return;
    let current = true;
    call<ActionPreview>('GET', `targets/${segment(target.name)}/preview`, {
      query: { action: PREVIEWED[kind], until: kind === 'keep-running' ? untilIso : undefined },
    })
      .then(({ body }) => current && setPreview({ question, answer: { ok: true, body } }))
      .catch(
        (error: unknown) => current && setPreview({ question, answer: { ok: false, text: explain(error) } }),
      );
    return () => {
      current = false;
    };
    // The question names all the answer depends on: a poll that brings the same target asks nothing.
  }, [question]);
  return preview?.question === question ? preview.answer : undefined;
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
  // Empty until the preview suggests an end (the next stop plus 2 h, or 22:00 if later).
  const [until, setUntil] = useState('');
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
  // The skip control's name is the preview's ("Skip Monday’s 20:00 stop"), as the notices say it.
  const skipOffer = usePreview('skip-tonight', target, undefined);
  // Keep running: the suggested end and the quick choices, asked once (they do not depend on the time chosen).
  const keepOffer = usePreview(pending === 'keep-running' ? 'keep-running' : undefined, target, undefined);
  const askedAlready = pending === 'skip-tonight' || (pending === 'keep-running' && !untilIso);
  const own = usePreview(askedAlready ? undefined : pending, target, untilIso);
  const preview =
    pending === 'skip-tonight' ? skipOffer : pending === 'keep-running' && !untilIso ? keepOffer : own;
  const keepRunning = keepOffer?.ok ? keepOffer.body.keepRunning : undefined;
  const suggested = keepRunning?.suggested.until;
  useEffect(() => {
    // Only into an empty field: a time the person typed or chose meanwhile stays.
    if (pending === 'keep-running' && suggested)
      setUntil((current) => current || localInputValue(Date.parse(suggested)));
  }, [pending, suggested]);
  const skipLabel = skipOffer?.ok ? skipOffer.body.skipped?.label : undefined;
  const label = (kind: ActionKind) => (kind === 'skip-tonight' && skipLabel ? skipLabel : LABELS[kind]);

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const { body } = await perform(pending, target, untilIso, reason);
      setResult({
        ok: true,
        text: [body.words ?? body.summary, body.outcome?.message].filter((line) => line).join(' ') || 'Done.',
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
              setUntil('');
              setResult(undefined);
            }}
          >
            {label(kind)}
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
          <h3 id="confirm-heading">{label(pending).replace('…', '')}: what will happen</h3>
          {pending === 'keep-running' ? (
            <KeepRunningUntil
              target={target}
              value={until}
              onChange={setUntil}
              choices={keepRunning?.choices.map((choice) => ({
                label: choice.label,
                until: Date.parse(choice.until),
              }))}
              warnings={
                preview?.ok
                  ? preview.body.warnings
                      .filter(
                        (warning) =>
                          warning.code === 'changes-nothing' || warning.code === 'shortens-override',
                      )
                      .map((warning) => warning.words)
                  : []
              }
            />
          ) : null}
          <p data-testid="will-happen" aria-busy={preview === undefined}>
            {preview === undefined
              ? 'Working out what will happen…'
              : preview.ok
                ? preview.body.words
                : `Cannot say what will happen: ${preview.text}`}
          </p>
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
            <button
              type="button"
              class="primary"
              disabled={busy || !preview?.ok || (pending === 'keep-running' && !untilIso)}
              onClick={() => void confirm()}
            >
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
