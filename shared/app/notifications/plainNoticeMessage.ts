import { CLOUDEVENTS_CONTENT_TYPE } from './cloudEvent.js';
import type { NotifyChannel } from './NoticeMessage.js';

/**
 * A notice without links (a failed operation, a maintenance alert): a title, what happened in words,
 * the resource, and for webhooks a CloudEvent of its own type.
 */
export interface PlainNotice {
  channel: string;
  title: string;
  /** What happened, in words (Azure's error, the alert). */
  text: string;
  resourceId: string;
  /** One more fact: a line under the resource in Slack, a fact in Teams. */
  extra?: { label: string; value: string; line: string };
  /** The CloudEvent's `id`: a receiver's key for dropping duplicates. */
  eventId: string;
  eventType: string;
  data: Record<string, unknown>;
}

const cut = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A plain notice in the channel's format: Slack Block Kit, a Teams Adaptive Card, or a CloudEvent. */
export function renderPlainNotice(
  channel: NotifyChannel,
  notice: PlainNotice,
  source: string,
  now: number,
): { contentType: string; body: string } {
  const { title, extra } = notice;
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
                  `${escape(notice.text)}\n\`${escape(notice.resourceId)}\`${extra ? `\n${extra.line}` : ''}`,
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
                  { type: 'TextBlock', text: notice.text, wrap: true },
                  {
                    type: 'FactSet',
                    facts: [
                      { title: 'Resource', value: notice.resourceId },
                      ...(extra ? [{ title: extra.label, value: extra.value }] : []),
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
          id: notice.eventId,
          source,
          type: notice.eventType,
          subject: notice.channel,
          time: new Date(now).toISOString(),
          datacontenttype: 'application/json',
          data: notice.data,
        }),
      };
  }
}
