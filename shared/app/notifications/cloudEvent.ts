import type { NoticeMessage } from './NoticeMessage.js';

export const STOP_NOTICE_EVENT_TYPE = 'io.github.aks-offhours.stop.upcoming';
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

/**
 * A notice as a CloudEvent 1.0 in structured JSON mode (one JSON object with the attributes and
 * `data`), sent with Content-Type application/cloudevents+json. Every target is listed, with its links.
 */
export function cloudEvent(notice: NoticeMessage, source: string, now: number): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: notice.id,
    source,
    type: STOP_NOTICE_EVENT_TYPE,
    subject: notice.channel,
    time: new Date(now).toISOString(),
    datacontenttype: 'application/json',
    data: {
      title: notice.title,
      channel: notice.channel,
      stopAt: new Date(notice.stopAt).toISOString(),
      targets: notice.targets.map((target) => ({
        name: target.name,
        resourceId: target.resourceId,
        schedule: target.scheduleName,
        stopLocal: target.stopLocal,
        links: Object.fromEntries(
          target.links.map((link) => [link.action, { label: link.label, url: link.url }]),
        ),
      })),
    },
  };
}
