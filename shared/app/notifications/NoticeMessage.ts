import type { LinkAction } from '../../domain/NoticeLink.js';
import { clockIn, whenIn } from '../../domain/whenIn.js';

/** The kinds of webhook a channel can be (OFFHOURS_NOTIFY_CHANNELS). */
export const CHANNEL_TYPES = ['slack', 'teams', 'webhook'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface NotifyChannel {
  name: string;
  type: ChannelType;
  /** A secret: kept in app settings (a Key Vault reference in Azure), never in a table or a log. */
  url: string;
}

export interface NoticeLinkView {
  action: LinkAction;
  label: string;
  url: string;
}

export interface NoticeTargetView {
  name: string;
  resourceId: string;
  scheduleName: string;
  /** The stop in the schedule's own zone, e.g. "Fri 27 Nov 20:00 Asia/Tokyo" (whenIn). */
  stopLocal: string;
  links: NoticeLinkView[];
}

/** One notice, whatever the channel: what every format renders. */
export interface NoticeMessage {
  /** Stable for the channel and stop time: the CloudEvent's id. */
  id: string;
  channel: string;
  stopAt: number;
  title: string;
  targets: NoticeTargetView[];
}

/** Formats with a limit on size list this many targets with buttons; the rest by name. */
export const TARGETS_WITH_LINKS = 20;

export function localStop(stopAt: number, zone: string): string {
  return whenIn(stopAt, zone);
}

export function noticeTitle(stopAt: number, zone: string, count: number, now: number): string {
  const minutes = Math.max(0, Math.round((stopAt - now) / 60_000));
  const local = clockIn(stopAt, zone);
  const when = minutes < 120 ? `in ${minutes} min` : `in about ${Math.round(minutes / 60)} h`;
  const what = count === 1 ? '1 target' : `${count} targets`;
  return `${what} will be stopped at ${local} ${zone} (${when})`;
}
