import { CLOUDEVENTS_CONTENT_TYPE } from './cloudEvent.js';
import type { NotifyChannel } from './NoticeMessage.js';

export const MAINTENANCE_ALERT_EVENT_TYPE = 'io.github.aks-offhours.maintenance.alert';

/**
 * A maintenance alert of one target (docs/maintenance.md): a cluster near AKS's 12-month limit of a
 * stopped cluster, a Kubernetes version out of support, a scale set changed against AKS's support
 * policy. Sent once per channel and alert.
 */
export interface MaintenanceAlertNotice {
  channel: string;
  targetName: string;
  resourceId: string;
  /** The alert, in words. */
  alert: string;
  /** A receiver's key for dropping duplicates: the target and the alert. */
  key: string;
}

const cut = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function maintenanceAlertTitle(notice: MaintenanceAlertNotice): string {
  return `${notice.targetName} needs attention: AKS maintenance`;
}

/** A maintenance alert in the channel's format (no links: it asks for a person's decision). */
export function renderMaintenanceAlert(
  channel: NotifyChannel,
  notice: MaintenanceAlertNotice,
  source: string,
  now: number,
): { contentType: string; body: string } {
  const title = maintenanceAlertTitle(notice);
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
                text: cut(`${escape(notice.alert)}\n\`${escape(notice.resourceId)}\``, 3000),
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
                  { type: 'TextBlock', text: notice.alert, wrap: true },
                  { type: 'FactSet', facts: [{ title: 'Resource', value: notice.resourceId }] },
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
          id: `${notice.channel}/${notice.key}`,
          source,
          type: MAINTENANCE_ALERT_EVENT_TYPE,
          subject: notice.channel,
          time: new Date(now).toISOString(),
          datacontenttype: 'application/json',
          data: { title, target: notice.targetName, resourceId: notice.resourceId, alert: notice.alert },
        }),
      };
  }
}
