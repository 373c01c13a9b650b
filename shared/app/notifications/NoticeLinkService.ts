import { forPeople } from '../../domain/forPeople.js';
import { isLinkAction, keepRunningUntil, linkRefusal, type LinkPayload } from '../../domain/NoticeLink.js';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../problems/RequestErrors.js';
import type { TargetService } from '../targets/TargetService.js';
import type { TableStorage } from '../storage/TableStorage.js';
import type { LinkSigner } from './LinkSigner.js';
import { skipWords, withZone } from '../../domain/actionWords.js';
import { whenIn } from '../../domain/whenIn.js';
import { loadCatalog } from '../catalog/loadCatalog.js';

/** What a link would do, for the confirmation page. */
export interface LinkView {
  payload: LinkPayload;
  /** "keep dev-user1 running until 21:00 UTC", in words. */
  description: string;
}

export type LinkCheck =
  { ok: true; view: LinkView; pageSecret: string } | { ok: false; status: number; reason: string };

export type LinkOutcome =
  | { ok: true; view: LinkView; summary: string; outcome: string }
  | { ok: false; status: number; reason: string };

export interface LinkRequest {
  target: string;
  action: string;
  token: string;
  /**
   * Who the page is shown to, or who sends its form: the principal App Service Authentication
   * signed in, or `anonymous`. A page's secret fits only the caller it was made for.
   */
  caller: string;
  /** For `act`: the secret of the confirmation page the form came from (`check` made it). */
  pageSecret?: string;
}

export interface NoticeLinkDependencies {
  storage: TableStorage;
  signer: LinkSigner | undefined;
  targets: TargetService;
  now: () => number;
}

/**
 * The one-click links of stop notices (docs/notifications.md): `check` for the confirmation page
 * (GET, never acts, gives the page its secret), `act` for its button (POST, checks everything again,
 * and that the form carries the secret of a page shown to the same caller). A token is bound to its
 * target, stop, action and expiry by its signature, and works once: its use is a conditional insert
 * in the Notices table. The change itself goes through `TargetService.setOverride`, so it is
 * validated, guarded and audited as any override is; the audit entry names the channel, the person
 * (when App Service Authentication knows them) and the token's ID.
 */
export class NoticeLinkService {
  constructor(private readonly deps: NoticeLinkDependencies) {}

  async check(request: LinkRequest): Promise<LinkCheck> {
    const { signer, now } = this.deps;
    if (!signer)
      return {
        ok: false,
        status: 404,
        reason: 'one-click links are not set up here (OFFHOURS_NOTIFY_LINK_KEYS is empty)',
      };
    if (!isLinkAction(request.action))
      return {
        ok: false,
        status: 404,
        reason: `there is no action "${request.action}"; links offer keep-1h, keep-until and skip-stop`,
      };
    const verified = signer.verify(request.token);
    if (!verified.ok) return { ok: false, status: 403, reason: verified.reason };
    const refusal = linkRefusal(verified.payload, {
      target: request.target,
      action: request.action,
      now: now(),
    });
    if (refusal)
      return {
        ok: false,
        status:
          refusal.includes('expired') || refusal.includes('passed') || refusal.includes('already happened')
            ? 410
            : 403,
        reason: forPeople(refusal, zoneOf(verified.payload)),
      };
    const used = await this.deps.storage.notices.tokenUse(verified.payload.id);
    if (used)
      return {
        ok: false,
        status: 410,
        reason: `this link was already used at ${whenIn(used.usedAt, zoneOf(verified.payload))} by ${used.usedBy}; a link works once`,
      };
    const upUntil = await this.upUntil(verified.payload);
    return {
      ok: true,
      view: { payload: verified.payload, description: describe(verified.payload, now(), upUntil) },
      pageSecret: signer.pageSecret(verified.payload.id, request.caller),
    };
  }

  async act(request: LinkRequest, person: string | undefined): Promise<LinkOutcome> {
    const checked = await this.check(request);
    if (!checked.ok) return checked;
    const { payload } = checked.view;
    if (!this.deps.signer?.verifyPageSecret(request.pageSecret ?? '', payload.id, request.caller))
      return {
        ok: false,
        status: 403,
        reason:
          'this form did not come from the confirmation page of this link, shown to you (its page secret is missing or is another page’s); open the link again and press Confirm there',
      };
    const at = this.deps.now();
    const actor = person ?? `one-click link (${payload.channel})`;
    const claimed = await this.deps.storage.notices.useToken(payload.id, {
      target: payload.target,
      action: payload.action,
      channel: payload.channel,
      usedBy: actor,
      at,
    });
    if (!claimed)
      return { ok: false, status: 410, reason: 'this link was used a moment ago; a link works once' };
    const reason = `${payload.action} from the ${payload.channel} notice of the stop at ${new Date(payload.stopAt).toISOString()} (token ${payload.id})`;
    const until = keepRunningUntil(payload, at);
    const body =
      payload.action === 'skip-stop'
        ? { kind: 'skip-next-stop', reason }
        : { kind: 'keep-running', until: new Date(until as number).toISOString(), reason };
    try {
      const answer = await this.deps.targets.setOverride(payload.target, body, actor);
      const zone = zoneOf(payload);
      const override = answer.target.override;
      // The Done page speaks as the confirmation page did: the same words, in the schedule's zone.
      const summary =
        payload.action === 'skip-stop' && override
          ? withZone(
              skipWords('skip-next-stop', Date.parse(override.from), Date.parse(override.until), at, zone)
                .sentence,
              zone,
            )
          : forPeople(answer.summary, zone);
      return { ok: true, view: checked.view, summary, outcome: forPeople(answer.outcome.message, zone) };
    } catch (error) {
      const status = statusOf(error);
      if (status === undefined) throw error;
      // Nothing was changed, so the link may be used again once the reason is dealt with.
      await this.deps.storage.notices.releaseToken(payload.id);
      return {
        ok: false,
        status,
        reason: `nothing was changed: ${forPeople((error as Error).message, zoneOf(payload))}`,
      };
    }
  }

  /** For a skip: the schedule's start after the stop, for "up until Tuesday 08:00". */
  private async upUntil(payload: LinkPayload): Promise<number | undefined> {
    if (payload.action !== 'skip-stop') return undefined;
    const { storage } = this.deps;
    const catalog = await loadCatalog(storage.schedules, storage.targets);
    const scheduled = catalog.targets.find(({ target }) => target.name === payload.target);
    return scheduled?.schedule.schedule.nextTransition(payload.stopAt);
  }
}

const zoneOf = (payload: LinkPayload) => payload.zone ?? 'UTC';

function statusOf(error: unknown): number | undefined {
  if (error instanceof ValidationError) return 400;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof PreconditionFailedError) return 409;
  return undefined;
}

function describe(payload: LinkPayload, now: number, upUntil: number | undefined): string {
  const zone = zoneOf(payload);
  const stop = whenIn(payload.stopAt, zone);
  const target = `"${payload.target}"`;
  switch (payload.action) {
    case 'skip-stop':
      return upUntil === undefined
        ? `skip the stop of ${target} at ${stop}: it stays up until its next scheduled start`
        : `${target}: ${withZone(skipWords('skip-next-stop', payload.stopAt, upUntil, now, zone).sentence, zone)}`;
    case 'keep-1h':
      return `keep ${target} running for another hour, until ${whenIn(keepRunningUntil(payload, now) as number, zone)}, instead of stopping it at ${stop}`;
    case 'keep-until':
      return `keep ${target} running until ${whenIn(payload.until as number, zone)} instead of stopping it at ${stop}`;
  }
}
