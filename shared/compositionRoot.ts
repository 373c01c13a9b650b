import { readFileSync } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { ChangeMessageExecutor } from './app/operations/ChangeMessageExecutor.js';
import { ChangeExecutor } from './app/operations/ChangeExecutor.js';
import { OperationFollower } from './app/operations/OperationFollower.js';
import { ACTION_QUEUE_NAME, type ActionQueue } from './app/operations/ActionQueue.js';
import type { PowerControl } from './app/operations/PowerControl.js';
import { Reconciler } from './app/reconciliation/Reconciler.js';
import { TargetGuard } from './app/operations/TargetGuard.js';
import { WritePacer } from './app/operations/WritePacer.js';
import { WriteGate } from './app/operations/WriteGate.js';
import { TargetTimelineService } from './app/targets/TargetTimelineService.js';
import { TargetService } from './app/targets/TargetService.js';
import { ScheduleService } from './app/schedules/ScheduleService.js';
import { TargetRegistrationService } from './app/targets/TargetRegistrationService.js';
import { ArmClients } from './azure/ArmClients.js';
import { AzurePowerControl } from './azure/AzurePowerControl.js';
import { openTableStorage } from './azure/openTableStorage.js';
import type { TableStorage } from './app/storage/TableStorage.js';
import { StorageActionQueue } from './azure/StorageActionQueue.js';
import { storageConnectionFrom } from './azure/storageConnectionFrom.js';
import { loadConfig, type OffHoursConfig } from './config.js';
import { invocationLog } from './invocationLog.js';
import { ConfigError } from './ConfigError.js';
import { DEFAULT_START_LEAD_MS } from './domain/StartLead.js';
import { DAY_MS, MINUTE_MS } from './domain/time.js';
import { DEFAULT_MAINTENANCE_THRESHOLDS } from './domain/maintenance/maintenanceOutlook.js';
import { MaintenanceFacts } from './app/maintenance/MaintenanceFacts.js';
import { AzureMaintenanceSource } from './azure/AzureMaintenanceSource.js';
import { RateLimiter } from './http/RateLimiter.js';
import type { PriceCatalog } from './app/savings/PriceCatalog.js';
import { CachedPriceCatalog } from './app/savings/CachedPriceCatalog.js';
import { SavingsService } from './app/savings/SavingsService.js';
import { RetailPricesCatalog } from './azure/RetailPricesCatalog.js';
import type { ActualCostSource } from './app/billing/ActualCostSource.js';
import { BillChecker } from './app/billing/BillChecker.js';
import { CostManagementQuery } from './azure/CostManagementQuery.js';
import { nodeResourceGroupsOf } from './app/reconciliation/holdOverlappingTargets.js';
import { NodeResourceGroupQuery } from './azure/NodeResourceGroupQuery.js';
import type { KeptResourceSource } from './app/savings/KeptResourceSource.js';
import { parseResourceId } from './domain/ResourceId.js';
import { securityWarnings } from './securityWarnings.js';
import { tickIntervalMs } from './tickIntervalMs.js';
import { LinkSigner } from './app/notifications/LinkSigner.js';
import { NoticeLinkService } from './app/notifications/NoticeLinkService.js';
import { NoticeService } from './app/notifications/NoticeService.js';
import type { WebhookSender } from './app/notifications/WebhookSender.js';
import { FetchWebhookSender } from './azure/FetchWebhookSender.js';

/** Everything the function handlers use, built once per process from the configuration. */
export interface Services {
  config: OffHoursConfig;
  storage: TableStorage;
  queue: ActionQueue;
  power: PowerControl;
  reconciler: Reconciler;
  executor: ChangeExecutor;
  /** A queue message's changes (the `execute` function), at most `CHANGES_AT_ONCE` at a time per instance. */
  changeMessages: ChangeMessageExecutor;
  targets: TargetService;
  /** What will really happen to a target over the next 7 days (the status page's bar). */
  timelines: TargetTimelineService;
  registrations: TargetRegistrationService;
  schedules: ScheduleService;
  /** Changing API calls per caller (docs/security.md). */
  rateLimiter: RateLimiter;
  /** Money saved, from the audit trail and the Retail Prices API (docs/savings.md). */
  savings: SavingsService;
  /** Stop notices (the `notify` timer) and their one-click links (docs/notifications.md). */
  notices: NoticeService;
  noticeLinks: NoticeLinkService;
  now: () => number;
}

export interface ServiceOverrides {
  /** Another clock (the demo's time-lapse, tests). */
  now?: () => number;
  /** Another identity than DefaultAzureCredential (the fake ARM's). */
  credential?: TokenCredential;
  /** Another queue (the demo's in-process queue). */
  queue?: ActionQueue;
  /** Another storage (the demo's in-memory tables). */
  storage?: TableStorage;
  log?: (line: Record<string, unknown>) => void;
  /** The SDK's retry timing (tests shorten it). */
  armRetryDelayInMs?: number;
  /** Another price list than the Retail Prices API (kept behind the one-query-a-day cache). */
  prices?: PriceCatalog;
  /** Another bill than Cost Management's Query API (tests). */
  actualCosts?: ActualCostSource;
  /** What stays in the node resource groups (default: Resource Graph through the ARM clients). */
  keptResources?: KeptResourceSource;
  /** Another webhook client, and no waits between its attempts (tests). */
  webhookSender?: WebhookSender;
  noticeRetryWait?: (ms: number) => Promise<void>;
  /** The links' base URL when it is known only after start-up (npm start on a free port). */
  noticeLinkBaseUrl?: () => string;
}

/** The one place where clients are built and services wired. Nothing here runs at import time. */
export async function createServices(
  config: OffHoursConfig,
  overrides: ServiceOverrides = {},
): Promise<Services> {
  const now = overrides.now ?? Date.now;
  // In a function invocation the lines go to its context (functions/reconcile.ts); elsewhere (CLI,
  // local tools) to stdout.
  const log =
    overrides.log ?? invocationLog((line: Record<string, unknown>) => console.log(JSON.stringify(line)));
  for (const message of securityWarnings(config)) log({ event: 'warning', message });
  let credential: TokenCredential | undefined = overrides.credential;
  const lazyCredential = () => (credential ??= new DefaultAzureCredential());
  const connection = storageConnectionFrom(config.storage, lazyCredential);
  if (!connection && (!overrides.storage || !overrides.queue))
    throw new ConfigError([
      'AzureWebJobsStorage (not set): set a connection string or AzureWebJobsStorage__accountName',
    ]);
  const storage =
    overrides.storage ??
    (await openTableStorage(connection as NonNullable<typeof connection>, {
      tablePrefix: config.tablePrefix,
    }));
  const queue =
    overrides.queue ??
    (await StorageActionQueue.open(connection as NonNullable<typeof connection>, ACTION_QUEUE_NAME));
  const pacer = new WritePacer();
  // ARM's bucket runs on real time, whatever clock the schedule runs on (the demo's, tests').
  const writeGate = new WriteGate(Date.now);
  const clients = new ArmClients({
    // The credential is created on the first ARM call, not here, so a cold start stays short.
    credential: { getToken: (scopes, options) => lazyCredential().getToken(scopes, options) },
    ...(config.armEndpoint ? { endpoint: config.armEndpoint } : {}),
    ...(config.armCaFile ? { ca: readFileSync(config.armCaFile, 'utf8') } : {}),
    ...(overrides.armRetryDelayInMs !== undefined ? { retryDelayInMs: overrides.armRetryDelayInMs } : {}),
    onRemainingWrites: (subscriptionId, remaining) => {
      pacer.observeRemaining(subscriptionId, remaining, now());
      writeGate.observeRemaining(subscriptionId, remaining);
    },
  });
  const power = new AzurePowerControl(clients, {
    concurrencyPerSubscription: config.concurrencyPerSubscription,
    observation: config.observation,
    warn: (message) => log({ event: 'warning', message }),
  });
  const follower = new OperationFollower({
    power,
    operations: storage.operations,
    audit: storage.audit,
    now,
    operationTimeoutMs: config.operationTimeoutMinutes * MINUTE_MS,
  });
  const startLeadPolicy = {
    maxLeadMs: config.maxStartLeadMinutes * MINUTE_MS,
    defaultLeadMs: DEFAULT_START_LEAD_MS,
  };
  const maintenanceThresholds = {
    longStopWarnMs: config.longStopWarnDays * DAY_MS,
    longStopAlertMs: config.longStopAlertDays * DAY_MS,
    versionWarnMs: DEFAULT_MAINTENANCE_THRESHOLDS.versionWarnMs,
  };
  const reconciler = new Reconciler({
    storage,
    queue,
    power,
    follower,
    settings: {
      newTargetGraceMs: config.newTargetGraceMinutes * MINUTE_MS,
      operationTimeoutMs: config.operationTimeoutMinutes * MINUTE_MS,
      tickIntervalMs: tickIntervalMs(config.tick),
      startCooldownMs: config.startCooldownMinutes * MINUTE_MS,
      longStopAlertMs: maintenanceThresholds.longStopAlertMs,
    },
    startLeadPolicy,
    maintenance: new MaintenanceFacts({
      table: storage.maintenance,
      source: new AzureMaintenanceSource(clients),
      log,
    }),
    maintenanceThresholds,
    subscriptions: config.subscriptions,
    now,
    log,
    guard: { allowedScopes: config.allowedScopes, protectedTags: config.protectedTags },
    notifyChannels: config.notify.channels.map((channel) => channel.name),
    pacer,
  });
  const guard = new TargetGuard({
    policy: { allowedScopes: config.allowedScopes, protectedTags: config.protectedTags },
    power,
  });
  const executor = new ChangeExecutor({
    power,
    operations: storage.operations,
    overrides: storage.overrides,
    audit: storage.audit,
    now,
    dryRun: config.dryRun,
    allowedScopes: config.allowedScopes,
    protectedTags: config.protectedTags,
    writeGate,
    queue,
  });
  const targets = new TargetService({
    storage,
    reconciler,
    now,
    guard,
    startLeadPolicy,
    eveningTime: config.notify.keepUntil,
  });
  const signer = config.notify.linkKeys.length > 0 ? new LinkSigner(config.notify.linkKeys) : undefined;
  const linkBaseUrl = overrides.noticeLinkBaseUrl ?? (() => config.notify.linkBaseUrl ?? '');
  const notices = new NoticeService({
    storage,
    sender: overrides.webhookSender ?? new FetchWebhookSender(),
    signer,
    settings: {
      channels: config.notify.channels,
      leadMs: config.notify.leadMinutes * MINUTE_MS,
      keepUntil: config.notify.keepUntil,
      failures: config.notify.failures,
      linkBaseUrl,
      source: 'urn:aks-offhours',
    },
    now,
    log,
    ...(overrides.noticeRetryWait ? { sleep: overrides.noticeRetryWait } : {}),
  });
  return {
    config,
    storage,
    queue,
    power,
    reconciler,
    executor,
    changeMessages: new ChangeMessageExecutor({ executor, queue }),
    targets,
    timelines: new TargetTimelineService({ storage, now, startLeadPolicy }),
    notices,
    noticeLinks: new NoticeLinkService({ storage, signer, targets, now }),
    registrations: new TargetRegistrationService({ storage, now, power, guard }),
    schedules: new ScheduleService({ storage, now, startLeadPolicy }),
    rateLimiter: new RateLimiter(config.changesPerMinute, now),
    savings: new SavingsService({
      storage,
      prices: new CachedPriceCatalog(
        overrides.prices ??
          new RetailPricesCatalog({
            currency: config.currency,
            now,
            ...(config.retailPricesUrl ? { baseUrl: config.retailPricesUrl } : {}),
          }),
        now,
      ),
      now,
      discountPercent: config.discountPercent,
      commitments: config.commitments,
      startLeadPolicy,
      keptResources: overrides.keptResources ?? new NodeResourceGroupQuery(clients),
      profiles: async (targets) => {
        const subscriptions = [...new Set(targets.map((target) => target.subscriptionId.toLowerCase()))];
        const observed = await power.observe(subscriptions, targets);
        return new Map(
          targets.flatMap((target) => {
            const footprint = observed.get(target.key)?.footprint;
            return footprint ? [[target.key, footprint] as const] : [];
          }),
        );
      },
      billChecker: new BillChecker({
        costs:
          overrides.actualCosts ??
          new CostManagementQuery({
            // The credential is created on the first query, not here (as for ARM).
            credential: { getToken: (scopes, options) => lazyCredential().getToken(scopes, options) },
            ...(config.armEndpoint ? { endpoint: config.armEndpoint } : {}),
            ...(config.armCaFile ? { ca: readFileSync(config.armCaFile, 'utf8') } : {}),
            ...(overrides.armRetryDelayInMs !== undefined
              ? { retryDelayInMs: overrides.armRetryDelayInMs }
              : {}),
          }),
        now,
        nodeResourceGroups: async (targets) => {
          const clusters = targets.flatMap((target) => {
            const parsed = parseResourceId(target.id.replace(/\/agentPools\/[^/]+$/i, ''));
            return parsed.ok ? [parsed.resourceId] : [];
          });
          const subscriptions = [...new Set(clusters.map((cluster) => cluster.subscriptionId.toLowerCase()))];
          return nodeResourceGroupsOf(await power.observe(subscriptions, clusters));
        },
      }),
    }),
    now,
  };
}

let services: Promise<Services> | undefined;

/**
 * The process's services, built on first use from the environment (validated once). A failed
 * start-up is not kept: right after a deployment the storage role assignments are still propagating
 * and the first calls get 403, so the next invocation tries again rather than failing until the
 * worker recycles.
 */
export function getServices(): Promise<Services> {
  if (!services) {
    const starting = Promise.resolve().then(() => createServices(loadConfig(process.env)));
    services = starting;
    starting.catch(() => {
      if (services === starting) services = undefined;
    });
  }
  return services;
}

/** For the local runner and tests: use these services instead of building them from the environment. */
export function useServices(given: Services): void {
  services = Promise.resolve(given);
}
