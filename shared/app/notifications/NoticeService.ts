import {
  keepUntilInstant,
  planNotices,
  type NoticeCandidate,
  type PlannedNotice,
} from '../../domain/planNotices.js';
import { LINK_MARGIN_MS, type LinkAction } from '../../domain/NoticeLink.js';
import { skipWords } from '../../domain/actionWords.js';
import { loadCatalog } from '../catalog/loadCatalog.js';
import type { WebhookSender } from './WebhookSender.js';
import type { TableStorage } from '../storage/TableStorage.js';
import { CLOUDEVENTS_CONTENT_TYPE, cloudEvent } from './cloudEvent.js';
import { LinkSigner } from './LinkSigner.js';
import { localStop, noticeTitle, type NoticeMessage, type NotifyChannel } from './NoticeMessage.js';
import { channelsOf } from './notifyChannels.js';
import { slackMessage } from './slackMessage.js';
import { failureTitle, renderFailure, type FailureNotice } from './failureMessage.js';
import {
  maintenanceAlertTitle,
  renderMaintenanceAlert,
  type MaintenanceAlertNotice,
} from './maintenanceAlertMessage.js';
import { teamsMessage } from './teamsMessage.js';

export interface NoticeSettings {
  channels: readonly NotifyChannel[];
  /** How long before a stop its notice goes out. */
  leadMs: number;
  /** The local time of the "keep running until" link, HH:MM. */
  keepUntil: string;
  /** Where the app answers, e.g. https://<app>.azurewebsites.net; the links start with it. */
  linkBaseUrl: () => string;
  /** The CloudEvents `source`. */
  source: string;
  /** Also tell the channels when a stop or start failed (OFFHOURS_NOTIFY_FAILURES). */
  failures?: boolean;
}

export interface NoticeServiceDependencies {
  storage: TableStorage;
  sender: WebhookSender;
  signer: LinkSigner | undefined;
  settings: NoticeSettings;
  now: () => number;
  log: (line: Record<string, unknown>) => void;
  /** Waits between attempts (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

export interface NoticeReport {
  planned: number;
  sent: number;
  failed: number;
  /** Already claimed by an earlier or a concurrent run. */
  skipped: number;
}

/** Attempts per notice, and the waits before the second and third. */
const ATTEMPT_WAITS_MS = [0, 2_000, 8_000];
/** Failed operations older than this are not announced any more (a late alarm is noise). */
const FAILURE_WINDOW_MS = 24 * 3_600_000;
/** The longest Retry-After honoured within one invocation. */
const MAX_RETRY_AFTER_MS = 15_000;

const LABELS: Record<LinkAction, string> = {
  'keep-1h': 'Keep running 1 h',
  'keep-until': 'Keep running until',
  'skip-stop': 'Skip the stop',
};

/**
 * Stop notices (docs/notifications.md): plans the notices due, claims each in the Notices table (so
 * it goes out once, however many ticks plan it), renders it for its channel and posts it, retrying a
 * few times; a failure is logged and audited, never thrown: notices do not hold up the schedule.
 */
export class NoticeService {
  constructor(private readonly deps: NoticeServiceDependencies) {}

  get enabled(): boolean {
    return this.deps.settings.channels.length > 0 && this.deps.signer !== undefined;
  }

  async sendDue(): Promise<NoticeReport> {
    const report: NoticeReport = { planned: 0, sent: 0, failed: 0, skipped: 0 };
    if (!this.enabled) return report;
    const now = this.deps.now();
    const notices = planNotices(await this.candidates(now), now, this.deps.settings.leadMs);
    report.planned = notices.length;
    const outcomes = await Promise.all(notices.map((notice) => this.claimAndSend(notice, now)));
    if (this.deps.settings.failures) outcomes.push(...(await this.sendFailures(now)));
    outcomes.push(...(await this.sendMaintenanceAlerts(now)));
    for (const outcome of outcomes) report[outcome] += 1;
    return report;
  }

  /**
   * Stops and starts that failed in the last day (Operations table: Azure's failure, a timeout, or
   * a change given up on), once per channel of the target and operation.
   */
  private async sendFailures(now: number): Promise<('sent' | 'failed' | 'skipped')[]> {
    const { storage, settings } = this.deps;
    const failed = (await storage.operations.list()).filter(
      (operation) =>
        operation.status === 'failed' &&
        operation.endedAt !== undefined &&
        operation.endedAt <= now &&
        now - operation.endedAt <= FAILURE_WINDOW_MS,
    );
    if (failed.length === 0) return [];
    const catalog = await loadCatalog(storage.schedules, storage.targets);
    const sends: Promise<'sent' | 'failed' | 'skipped'>[] = [];
    for (const operation of failed) {
      const scheduled = catalog.targets.find(({ target }) => target.name === operation.targetName);
      if (!scheduled) continue;
      for (const name of channelsOf(scheduled)) {
        const channel = settings.channels.find((candidate) => candidate.name === name);
        if (!channel) continue;
        sends.push(
          this.sendFailure(
            channel,
            {
              channel: channel.name,
              targetName: operation.targetName,
              resourceId: operation.resourceId,
              action: operation.action,
              error: operation.error ?? 'failed (no message from Azure)',
              endedAt: operation.endedAt as number,
              zone: scheduled.schedule.schedule.displayZone,
              transitionKey: operation.transitionKey,
            },
            now,
          ),
        );
      }
    }
    return Promise.all(sends);
  }

  /**
   * Each maintenance notice of a target (a cluster near AKS's 12-month limit of a stopped cluster;
   * docs/maintenance.md), once per channel of the target and notice. Other alerts go to health only.
   */
  private async sendMaintenanceAlerts(now: number): Promise<('sent' | 'failed' | 'skipped')[]> {
    const { storage, settings } = this.deps;
    const alerting = [...(await storage.state.load()).values()].filter(
      (state) => (state.maintenance?.notices?.length ?? 0) > 0,
    );
    if (alerting.length === 0) return [];
    const catalog = await loadCatalog(storage.schedules, storage.targets);
    const sends: Promise<'sent' | 'failed' | 'skipped'>[] = [];
    for (const state of alerting) {
      const scheduled = catalog.targets.find(({ target }) => target.name === state.targetName);
      if (!scheduled) continue;
      for (const { key, text } of state.maintenance?.notices ?? [])
        for (const name of channelsOf(scheduled)) {
          const channel = settings.channels.find((candidate) => candidate.name === name);
          if (!channel) continue;
          const notice: MaintenanceAlertNotice = {
            channel: channel.name,
            targetName: state.targetName,
            resourceId: state.resourceId,
            alert: text,
            key: `maintenance|${state.targetName}|${key}`,
          };
          sends.push(this.sendMaintenanceAlert(channel, notice, now));
        }
    }
    return Promise.all(sends);
  }

  private async sendMaintenanceAlert(
    channel: NotifyChannel,
    notice: MaintenanceAlertNotice,
    now: number,
  ): Promise<'sent' | 'failed' | 'skipped'> {
    return this.sendOnce(channel, now, {
      key: notice.key,
      targetName: notice.targetName,
      resourceId: notice.resourceId,
      what: `maintenance notice to channel ${channel.name}: ${maintenanceAlertTitle(notice)}`,
      logField: 'maintenance',
      render: () => renderMaintenanceAlert(channel, notice, this.deps.settings.source, now),
    });
  }

  private async sendFailure(
    channel: NotifyChannel,
    notice: FailureNotice,
    now: number,
  ): Promise<'sent' | 'failed' | 'skipped'> {
    return this.sendOnce(channel, now, {
      key: notice.transitionKey,
      targetName: notice.targetName,
      resourceId: notice.resourceId,
      what: `failure notice to channel ${channel.name}: ${failureTitle(notice)}`,
      logField: 'failure',
      render: () => renderFailure(channel, notice, this.deps.settings.source, now),
    });
  }

  /**
   * A notice without links, sent once per channel and key whichever instance sends it (a claim in the
   * Notices table); its outcome is recorded and logged, and a failure audited.
   */
  private async sendOnce(
    channel: NotifyChannel,
    now: number,
    notice: {
      key: string;
      targetName: string;
      resourceId: string;
      /** What it was, for the audit trail. */
      what: string;
      /** The log line's field that carries the key. */
      logField: 'failure' | 'maintenance';
      render: () => { contentType: string; body: string };
    },
  ): Promise<'sent' | 'failed' | 'skipped'> {
    const { storage } = this.deps;
    const claim = await storage.notices.claimFailure(channel.name, notice.key, now, notice.targetName);
    if (!claim) return 'skipped';
    const { contentType, body } = notice.render();
    const result = await this.deliver(channel, contentType, body);
    const at = this.deps.now();
    await storage.notices.recordFailure(channel.name, notice.key, claim, {
      status: result.ok ? 'sent' : 'failed',
      attempts: result.attempts,
      at,
      ...(result.ok ? {} : { message: result.message }),
    });
    this.deps.log({
      event: result.ok ? 'notice-sent' : 'notice-failed',
      channel: channel.name,
      [notice.logField]: notice.key,
      targets: [notice.targetName],
      attempts: result.attempts,
      ...(result.ok ? {} : { message: result.message }),
    });
    if (!result.ok)
      await storage.audit.append({
        at,
        targetName: notice.targetName,
        resourceId: notice.resourceId,
        action: 'notice-failed',
        actor: 'schedule',
        reason: notice.what,
        result: `failed after ${result.attempts} attempt(s): ${result.message}`,
      });
    return result.ok ? 'sent' : 'failed';
  }

  private async candidates(now: number): Promise<NoticeCandidate[]> {
    const { storage, settings } = this.deps;
    const [catalog, overrides, states] = await Promise.all([
      loadCatalog(storage.schedules, storage.targets),
      storage.overrides.load(now),
      storage.state.load(),
    ]);
    const configured = new Set(settings.channels.map((channel) => channel.name));
    const overridesByTarget = new Map(
      overrides.records.map((record) => [record.targetName, record.override]),
    );
    return catalog.targets
      .filter(({ target }) => target.enabled)
      .map((scheduled) => {
        const override = overridesByTarget.get(scheduled.target.name);
        return {
          name: scheduled.target.name,
          resourceId: scheduled.target.resourceId.id,
          scheduleName: scheduled.schedule.name,
          schedule: scheduled.schedule.schedule,
          channels: channelsOf(scheduled).filter((name) => configured.has(name)),
          overrides: override ? [override] : [],
          stopped: states.get(scheduled.target.name)?.observed === 'stopped',
        };
      });
  }

  private async claimAndSend(notice: PlannedNotice, now: number): Promise<'sent' | 'failed' | 'skipped'> {
    const { storage } = this.deps;
    const channel = this.deps.settings.channels.find((candidate) => candidate.name === notice.channel);
    if (!channel) return 'skipped';
    const names = notice.targets.map((target) => target.name);
    const claim = await storage.notices.claim(channel.name, notice.stopAt, now, names);
    if (!claim) return 'skipped';
    const message = this.messageOf(notice, now);
    const { contentType, body } = render(channel, message, this.deps.settings.source, now);
    const result = await this.deliver(channel, contentType, body);
    const at = this.deps.now();
    await storage.notices.record(channel.name, notice.stopAt, claim, {
      status: result.ok ? 'sent' : 'failed',
      attempts: result.attempts,
      at,
      ...(result.ok ? {} : { message: result.message }),
    });
    const stop = new Date(notice.stopAt).toISOString();
    this.deps.log({
      event: result.ok ? 'notice-sent' : 'notice-failed',
      channel: channel.name,
      stopAt: stop,
      // The same stop as the notice says it, in its schedule's zone, for a console read by people.
      stopLocal: localStop(notice.stopAt, notice.targets[0]?.zone ?? 'UTC'),
      targets: names,
      attempts: result.attempts,
      ...(result.ok ? {} : { message: result.message }),
    });
    await storage.audit.append({
      at,
      action: result.ok ? 'notice-sent' : 'notice-failed',
      actor: 'schedule',
      reason: `stop notice to channel ${channel.name} for the stop at ${stop}: ${names.join(', ')}`,
      result: result.ok
        ? `sent (${result.attempts} attempt(s))`
        : `failed after ${result.attempts} attempt(s): ${result.message}`,
    });
    return result.ok ? 'sent' : 'failed';
  }

  private messageOf(notice: PlannedNotice, now: number): NoticeMessage {
    const zone = notice.targets[0]?.zone ?? 'UTC';
    return {
      id: `${notice.channel}/${new Date(notice.stopAt).toISOString()}`,
      channel: notice.channel,
      stopAt: notice.stopAt,
      title: noticeTitle(notice.stopAt, zone, notice.targets.length, now),
      targets: notice.targets.map((target) => ({
        name: target.name,
        resourceId: target.resourceId,
        scheduleName: target.scheduleName,
        stopLocal: localStop(notice.stopAt, target.zone),
        links: this.linksFor(notice, target, now),
      })),
    };
  }

  /**
   * The three one-click links of a target, each with its own signed token. The skip link says whose
   * stop it skips as the status page does ("Skip Monday’s 08:00 stop"), never "tonight’s" for a
   * stop that is not this evening.
   */
  private linksFor(
    notice: PlannedNotice,
    { name: target, zone, upUntil }: PlannedNotice['targets'][number],
    now: number,
  ): NoticeMessage['targets'][number]['links'] {
    const signer = this.deps.signer as LinkSigner;
    const until = keepUntilInstant(notice.stopAt, zone, this.deps.settings.keepUntil);
    const actions: LinkAction[] = [
      'keep-1h',
      ...(until !== undefined ? (['keep-until'] as const) : []),
      'skip-stop',
    ];
    const base = this.deps.settings.linkBaseUrl().replace(/\/+$/, '');
    return actions.map((action) => {
      const token = signer.sign({
        id: LinkSigner.newTokenId(),
        target,
        stopAt: notice.stopAt,
        action,
        ...(action === 'keep-until' && until !== undefined ? { until } : {}),
        zone,
        channel: notice.channel,
        expires: notice.stopAt + LINK_MARGIN_MS,
      });
      const label =
        action === 'keep-until'
          ? `${LABELS[action]} ${this.deps.settings.keepUntil}`
          : action === 'skip-stop' && upUntil !== undefined
            ? skipWords('skip-next-stop', notice.stopAt, upUntil, now, zone).label
            : LABELS[action];
      return {
        action,
        label,
        url: `${base}/api/notices/${encodeURIComponent(target)}/${action}?token=${token}`,
      };
    });
  }

  /** Up to three attempts; 429 and 5xx and no answer are tried again, any other 4xx is final. */
  private async deliver(
    channel: NotifyChannel,
    contentType: string,
    body: string,
  ): Promise<{ ok: true; attempts: number } | { ok: false; attempts: number; message: string }> {
    const sleep =
      this.deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    let message = '';
    let wait = 0;
    for (let attempt = 1; attempt <= ATTEMPT_WAITS_MS.length; attempt += 1) {
      if (attempt > 1) await sleep(Math.max(wait, ATTEMPT_WAITS_MS[attempt - 1] ?? 0));
      try {
        const answer = await this.deps.sender.post(channel.url, contentType, body);
        if (answer.status >= 200 && answer.status < 300) return { ok: true, attempts: attempt };
        message = `HTTP ${answer.status}${answer.body ? ` ${answer.body.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`;
        if (answer.status !== 429 && answer.status !== 408 && answer.status < 500)
          return {
            ok: false,
            attempts: attempt,
            message: `${message} (not retried: check the webhook URL of channel ${channel.name})`,
          };
        wait = Math.min((answer.retryAfterSeconds ?? 0) * 1000, MAX_RETRY_AFTER_MS);
      } catch (error) {
        message = `no answer: ${error instanceof Error ? error.message : String(error)}`;
        wait = 0;
      }
    }
    return { ok: false, attempts: ATTEMPT_WAITS_MS.length, message };
  }
}

/** The channel's format: Slack Block Kit, a Teams Adaptive Card, or a CloudEvent. */
export function render(
  channel: NotifyChannel,
  message: NoticeMessage,
  source: string,
  now: number,
): { contentType: string; body: string } {
  switch (channel.type) {
    case 'slack':
      return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(slackMessage(message)) };
    case 'teams':
      return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(teamsMessage(message)) };
    case 'webhook':
      return {
        contentType: CLOUDEVENTS_CONTENT_TYPE,
        body: JSON.stringify(cloudEvent(message, source, now)),
      };
  }
}
