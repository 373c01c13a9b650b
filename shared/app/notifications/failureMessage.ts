import { CLOUDEVENTS_CONTENT_TYPE } from './cloudEvent.js';
import type { NotifyChannel } from './NoticeMessage.js';

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
  /** The operation's transition: a receiver's key for dropping duplicates. */
  transitionKey: string;
}

const cut = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

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
  switch (channel.type) {
    case 'slack':
      return {
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({
          text: title,
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: cut(title, 150), emoji: false } },
            {
              type: 'section',
              text: {
                type: 'mrkdwn',
                text: cut(
                  `${escape(notice.error)}\n\`${escape(notice.resourceId)}\`\nended ${ended}; the audit trail (GET /api/audit) has the details`,
                  3000,
                ),
              },
            },
          ],
        }),
      };
    case 'teams':
      return {
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({
          type: 'message',
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.adaptive',
              contentUrl: null,
              content: {
                $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
                type: 'AdaptiveCard',
                version: '1.4',
                body: [
                  {
                    type: 'TextBlock',
                    text: title,
                    weight: 'Bolder',
                    size: 'Medium',
                    color: 'Attention',
                    wrap: true,
                  },
                  { type: 'TextBlock', text: notice.error, wrap: true },
                  {
                    type: 'FactSet',
                    facts: [
                      { title: 'Resource', value: notice.resourceId },
                      { title: 'Ended', value: ended },
                    ],
                  },
                ],
              },
            },
          ],
        }),
      };
    case 'webhook':
      return {
        contentType: CLOUDEVENTS_CONTENT_TYPE,
        body: JSON.stringify({
          specversion: '1.0',
          id: `${notice.channel}/${notice.transitionKey}`,
          source,
          type: OPERATION_FAILED_EVENT_TYPE,
          subject: notice.channel,
          time: new Date(now).toISOString(),
          datacontenttype: 'application/json',
          data: {
            title,
            target: notice.targetName,
            resourceId: notice.resourceId,
            action: notice.action,
            error: notice.error,
            endedAt: ended,
          },
        }),
      };
  }
}
