import type { NotifyChannel } from './NoticeMessage.js';
import { renderPlainNotice } from './plainNoticeMessage.js';

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
  return renderPlainNotice(
    channel,
    {
      channel: notice.channel,
      title,
      text: notice.alert,
      resourceId: notice.resourceId,
      eventId: `${notice.channel}/${notice.key}`,
      eventType: MAINTENANCE_ALERT_EVENT_TYPE,
      data: { title, target: notice.targetName, resourceId: notice.resourceId, alert: notice.alert },
    },
    source,
    now,
  );
}
