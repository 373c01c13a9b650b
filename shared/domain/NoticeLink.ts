/**
 * What a one-click link in a notice may do (docs/notifications.md). The link's token carries this
 * payload, signed; these rules decide whether a verified payload may be used for the request it came
 * with. Pure: the instant is an argument.
 */
export const LINK_ACTIONS = ['keep-1h', 'keep-until', 'skip-stop'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

export interface LinkPayload {
  /** The token's ID: it works once, and the audit trail names it. */
  id: string;
  target: string;
  /** The scheduled stop the notice warned of (epoch ms): the transition the token is bound to. */
  stopAt: number;
  action: LinkAction;
  /** For keep-until: the instant to keep running until. */
  until?: number;
  /** The zone the schedule shows times in, for the confirmation page. */
  zone?: string;
  /** The channel the notice went to, for the audit trail. */
  channel: string;
  /** After this instant the token is refused (the stop time plus LINK_MARGIN_MS). */
  expires: number;
}

/** How long after the stop a link still works: someone who clicks a few minutes late still gets the cluster back. */
export const LINK_MARGIN_MS = 60 * 60_000;

/** What the request asks for: the route's target and action, at an instant. */
export interface LinkRequest {
  target: string;
  action: string;
  now: number;
}

export function isLinkAction(value: string): value is LinkAction {
  return (LINK_ACTIONS as readonly string[]).includes(value);
}

/** Why a verified payload may not be used for this request, or undefined when it may. */
export function linkRefusal(payload: LinkPayload, request: LinkRequest): string | undefined {
  if (payload.target !== request.target)
    return `this link was made for target "${payload.target}", not "${request.target}"`;
  if (payload.action !== request.action)
    return `this link was made for the action "${payload.action}", not "${request.action}"`;
  if (request.now >= payload.expires)
    return `this link expired at ${new Date(payload.expires).toISOString()}; links work until an hour after the stop they warn of`;
  if (payload.action === 'skip-stop' && request.now >= payload.stopAt)
    return `the stop at ${new Date(payload.stopAt).toISOString()} has already happened, so it cannot be skipped; use "keep running" instead`;
  if (payload.action === 'keep-until' && (payload.until === undefined || request.now >= payload.until))
    return `the time this link keeps the target until has passed`;
  return undefined;
}

/** The instant a keep-running link holds the target until. */
export function keepRunningUntil(payload: LinkPayload, now: number): number | undefined {
  if (payload.action === 'keep-1h') return Math.max(now, payload.stopAt) + 60 * 60_000;
  if (payload.action === 'keep-until') return payload.until;
  return undefined;
}
