import type { NotifyChannel } from './NoticeMessage.js';
import { whenIn } from '../../domain/whenIn.js';
import { renderPlainNotice } from './plainNoticeMessage.js';

export const OPERATION_FAILED_EVENT_TYPE = 'io.github.aks-offhours.operation.failed';

/** A stop or start that failed (Operations table), as a channel is told of it. */
export interface FailureNotice {
  channel: string;
  targetName: string;
  resourceId: string;
  action: 'start' | 'stop';
  /** Azure's error code and message, or why the app gave up. */
  error: string;
  endedAt: number;
  /** The schedule's zone, in which people read when it ended. */
  zone?: string;
  /** The operation's transition: a receiver's key for dropping duplicates. */
  transitionKey: string;
}

export function failureTitle(notice: FailureNotice): string {
  return `The ${notice.action} of ${notice.targetName} failed`;
}

/** A failure notice in the channel's format (no links: there is nothing to keep running). */
export function renderFailure(
  channel: NotifyChannel,
  notice: FailureNotice,
  source: string,
  now: number,
): { contentType: string; body: string } {
  const title = failureTitle(notice);
  const ended = new Date(notice.endedAt).toISOString();
  const endedForPeople = whenIn(notice.endedAt, notice.zone ?? 'UTC');
  return renderPlainNotice(
    channel,
    {
      channel: notice.channel,
      title,
      text: notice.error,
      resourceId: notice.resourceId,
      extra: {
        label: 'Ended',
        value: endedForPeople,
        line: `ended ${endedForPeople}; the audit trail (GET /api/audit) has the details`,
      },
      eventId: `${notice.channel}/${notice.transitionKey}`,
      eventType: OPERATION_FAILED_EVENT_TYPE,
      data: {
        title,
        target: notice.targetName,
        resourceId: notice.resourceId,
        action: notice.action,
        error: notice.error,
        endedAt: ended,
      },
    },
    source,
    now,
  );
}
