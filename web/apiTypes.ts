// Generated from the HTTP contract (shared/contract, via shared/http/openApiDocument.ts) by `npm run docs:api` (dev/apiTypes.ts); do not edit by hand.

/** RFC 9457 problem details; `type` names the problem (docs/problems.md): branch on it, not on `detail` */
export type Problem = {
  type: "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#invalid-request" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#sign-in-required" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#not-an-operator" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#not-found" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#name-differs-in-case" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#target-disabled" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#already-registered" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#action-refused" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#schedule-in-use" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#schedule-invalid" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#changed-since-read" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#already-exists" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#if-match-required" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#content-too-large" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#unsupported-media-type" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#too-many-changes" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#method-not-allowed" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#internal-error" | "https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#page-not-built";
  title: string;
  status: number;
  detail: string;
  errors?: ({
    field: string;
    value?: unknown;
    message: string;
  })[];
};

export type Override = {
  kind: "keep-running" | "keep-stopped" | "skip-next-stop" | "skip-next-start";
  effect: "running" | "stopped";
  from: string;
  until: string;
  createdBy?: string;
  reason?: string;
  etag?: string;
};

export type PlannedStart = {
  /** the schedule's up time */
  readyBy: string;
  /** when the start is to begin (the last tick at or before it begins it) */
  startAt: string;
  leadMinutes: number;
  /** the down window before readyBy is shorter than twice the lead: the target is not stopped in it */
  keptUp: boolean;
  /** e.g. "starting 07:48 to be ready by 08:00 (Europe/Berlin): the 95 % bound of the last 20 starts is 12 min" */
  reason: string;
};

/** clusters and node pools: their cluster's AKS maintenance windows in the next four weeks and whether the target is up for each; long stops; Kubernetes version support (docs/maintenance.md) */
export type Maintenance = {
  policy: "wake" | "warn" | "ignore";
  /** absent until the cluster's maintenance configurations have been read */
  windows?: ({
    configuration: string;
    purpose: "kubernetes" | "node-os" | "any";
    opens: string;
    closes: string;
    attendance: "attended" | "partly" | "missed";
  })[];
  /** how many of the windows the target is up for */
  attended?: number;
  total?: number;
  stoppedSince?: string;
  kubernetes?: {
    version: string;
    status: "supported" | "ending" | "unsupported" | "unknown";
    endOfSupport?: string;
  };
  warnings: string[];
  /** warnings that need action soon; also in GET /health */
  alerts: string[];
};

export type Timeline = {
  /** the schedule's zone; `from` is today's midnight there */
  zone: string;
  from: string;
  to: string;
  periods: ({
    from: string;
    to: string;
    state: "up" | "down";
    /** what the tick follows then: the schedule, a closed day, the override, a start begun ahead of the up time, or a down window too short to stop in */
    cause: "schedule" | "holiday" | "override" | "start-ahead" | "kept-up";
    /** the override's kind, for cause override */
    override?: string;
  })[];
  /** the starts and stops between the periods */
  changes: ({
    at: string;
    action: "start" | "stop";
    cause: "schedule" | "holiday" | "override" | "start-ahead" | "kept-up";
  })[];
  /** the start or stop under way in Azure (or owed and to be tried again) */
  operation?: {
    action: "start" | "stop";
    status: string;
    since: string;
  };
};

export type Target = {
  name: string;
  etag?: string;
  resourceId: string;
  kind?: "nodepool" | "cluster" | "vmss";
  schedule?: string;
  /** the schedule's time zone, in which its times are read */
  zone?: string;
  enabled?: boolean;
  source: "row" | "tag";
  desired?: "running" | "stopped";
  observed?: "running" | "stopped" | "starting" | "stopping" | "failed" | "unknown";
  nextTransition?: string;
  lastAction?: string;
  lastReason?: string;
  problems: string[];
  override?: Override;
  /** GET /targets/{name} only: the next scheduled start, begun ahead so the target is ready at the up time, and why */
  plannedStart?: PlannedStart;
  maintenance?: Maintenance;
  /** GET /targets/{name} only: what will really happen over the next 7 days (schedule, holidays, override, starts begun ahead) and the operation under way */
  timeline?: Timeline;
};

export type TargetRow = {
  /** the name the row stands for: its RowKey as typed */
  name: string;
  partitionKey: string;
  rowKey: string;
  problems: string[];
};

export type TargetList = {
  targets: Target[];
  /** every target, when paged: as the last reconcile tick counted them (`summaryAsOf`); absent before the first tick counted */
  total?: number;
  /** when paged: when the last reconcile tick counted `total` and listed the rows of `unusableRows` and `rowWarnings` this page did not read (an ISO instant); absent before the first tick: not counted yet */
  summaryAsOf?: string;
  /** present when more targets follow: pass it back for the next page. It names the last key shown; the pages are in key order (the State RowKey: the name with `%`, `/`, `\`, `#`, `?` and control characters percent-encoded), ordinal */
  continuationToken?: string;
  /** Targets rows not acted on, each with every problem that holds it */
  unusableRows?: TargetRow[];
  /** rows acted on all the same, with something worth knowing (an unknown column) */
  rowWarnings?: TargetRow[];
  /** when paged: rows with problems or warnings the fleet summary had no room to list (it keeps at most 450,000 characters of them) */
  unlistedRows?: number;
};

export type UntilChoice = {
  /** short, for a button: "+1 h", "+2 h", "until 22:00", "until the next up time" */
  label: string;
  /** pass it as `until` */
  until: string;
  /** the end in the schedule’s zone, e.g. "today 22:00" */
  words: string;
  /** this choice changes nothing, or shortens the current override */
  warnings: string[];
};

export type ActionPreview = {
  target: string;
  action: "start" | "stop" | "keep-running" | "keep-stopped" | "skip-next-stop" | "skip-next-start" | "remove";
  /** the schedule’s zone, in which every time in `words` is given */
  zone: string;
  /** what pressing Confirm does, in people’s words: times in the schedule’s zone, named (no ISO 8601), how long the target stays up or down, the override replaced, the change made now, and the warnings */
  words: string;
  /** the override the action would write (absent for remove) */
  override?: {
    kind: "keep-running" | "keep-stopped" | "skip-next-stop" | "skip-next-start";
    effect: "running" | "stopped";
    from: string;
    until: string;
  };
  /** the state asked for from now on, and until when it lasts before the schedule (or the override) changes it */
  now: {
    desired: "running" | "stopped";
    until?: string;
    /** from now until `until` */
    hours?: number;
    words: string;
  };
  /** skips: the scheduled stop (or start) skipped; `tonight` false when there is none this evening and a later one is skipped */
  skipped?: {
    at: string;
    /** the transition after it, when the skip ends */
    until: string;
    /** how long the target stays up (or down) in a row, from now at the earliest, the skipped night included */
    hours: number;
    tonight: boolean;
    /** the control’s name, as the status page’s button and a notice’s link say it: “Skip tonight’s 20:00 stop”, “Skip Monday’s 20:00 stop” */
    label: string;
    /** “skip Monday’s 20:00 stop: up until Tuesday 08:00, 12 h longer”, in the schedule’s zone */
    words: string;
  };
  /** what would be enqueued now, decided by the tick’s rules on what was last observed */
  change: "start" | "stop" | "none";
  changeWords: string;
  /** the override in effect (or waiting) that the action replaces or removes */
  replaces?: {
    kind: string;
    from?: string;
    until: string;
    createdBy?: string;
    reason?: string;
    words: string;
  };
  warnings: ({
    code: "changes-nothing" | "shortens-override" | "no-stop-tonight" | "no-start-tomorrow" | "long";
    words: string;
  })[];
  /** keep-running only: the suggested end (the next stop plus 2 h, or 22:00 in the schedule’s zone if later) and quick choices */
  keepRunning?: {
    suggested: UntilChoice;
    choices: UntilChoice[];
  };
};

export type AuditEntry = {
  at: string;
  targetName?: string;
  resourceId?: string;
  action: string;
  actor: string;
  reason: string;
  result: string;
  /** a stop's entries: the nodes and region observed before it */
  footprint?: {
    location: string;
    nodes: ({
      vmSize: string;
      count: number;
      /** absent: Linux */
      os?: "Windows";
      /** Azure Hybrid Benefit: Windows billed at the Linux rate */
      licence?: "Windows_Server";
      /** billed on the Spot meter; absent: regular */
      priority?: "Spot";
    })[];
    /** the cluster's paid AKS tier (sku.tier); absent: Free */
    tier?: "Standard" | "Premium";
  };
};

export type AuditPage = {
  entries: AuditEntry[];
  /** there when more may follow: pass it as `after` */
  next?: string;
};

export type Caller = {
  signedIn: boolean;
  /** the sign-in name, or `function key` */
  name: string;
  roles: string[];
  appServiceAuthentication: boolean;
  canChange: boolean;
  /** why changes would be refused */
  whyNot?: string;
};

/** Storage reachable, last state change, dry run */
export type Health = {
  status: "ok";
  storage: "reachable";
  dryRun: boolean;
  /** the timer schedule of the tick (NCRONTAB) */
  tick: string;
  targetsWithState: number;
  /** the newest State row; null before the first tick */
  lastStateChange: string | null;
  /** settings that weaken safety */
  warnings: string[];
  /** the fleet's AKS maintenance windows in the next four weeks (docs/maintenance.md) */
  maintenance: {
    windowsAttended: number;
    windowsTotal: number;
    targetsMissingWindows: string[];
    alerts: string[];
    warnings: number;
  };
};

export type OverrideRequest = {
  kind: "keep-running" | "keep-stopped" | "skip-next-stop" | "skip-next-start";
  /** ISO 8601 with an offset, e.g. 2026-11-26T22:00:00+09:00; keep-* only (a skip ends by itself: 400) */
  until?: string;
  /** ISO 8601, e.g. PT2H; keep-* only (a skip ends by itself: 400); give until or duration, not both */
  duration?: string;
  /** one line: control characters such as a newline are refused */
  reason?: string;
};

export type HoldRequest = {
  /** ISO 8601 with an offset, e.g. 2026-11-26T22:00:00+09:00; keep-* only (a skip ends by itself: 400) */
  until?: string;
  /** ISO 8601, e.g. PT2H; keep-* only (a skip ends by itself: 400); give until or duration, not both */
  duration?: string;
  /** one line: control characters such as a newline are refused */
  reason?: string;
};

export type Decision = {
  action: "start" | "stop" | "none";
  /** the rule that answered (docs/decisions.md): stable, for branching on */
  rule: "not-registered" | "held" | "operation-in-flight" | "operation-failed" | "change-not-begun" | "target-changing" | "aks-operation-running" | "state-unknown" | "target-failed" | "already-desired" | "person-asked" | "desired-changed" | "enforced" | "left-as-set" | "new-target-left" | "new-target-grace" | "refused-system-pool" | "refused-node-auto-provisioning" | "refused-aks-managed-scale-set" | "stop-owed-to-aks" | "start-cooldown" | "refused-outside-scopes" | "refused-protected";
  reason: string;
  desired?: "running" | "stopped";
  observed: "running" | "stopped" | "starting" | "stopping" | "failed" | "unknown";
  refused: boolean;
  nextTransition?: string;
};

export type OverrideResult = {
  target: Target;
  /** absent when the target could not be decided for (held by its problems, or not found this time) */
  decision?: Decision;
  /** whether a change was enqueued, and if not why (docs/decisions.md) */
  outcome: {
    enqueued: boolean;
    message: string;
  };
  /** what the override does; for a skip, which transition is skipped and until when */
  summary?: string;
  /** what the action does in people’s words, as its preview said it (`ActionPreview.words` without the change made now) */
  words?: string;
  /** the override this one replaced, if any */
  replaced?: {
    kind: string;
    from: string;
    until: string;
    createdBy?: string;
    reason?: string;
  };
};

/** `amount` is `listAmount` (pay-as-you-go prices of each node's meter, less what commitments pay, plus a stopped cluster's tier fee) less `discountPercent`, in `currency`; meters in `unpriced` add hours but no money */
export type SavingFigures = {
  hours: number;
  nodeHours: number;
  /** node-hours covered by a reservation or the savings plan (OFFHOURS_RESERVATIONS, OFFHOURS_SAVINGS_PLAN_HOURLY): saved nothing but a Windows licence */
  coveredNodeHours: number;
  listAmount: number;
  amount: number;
  /** ISO 4217, from OFFHOURS_CURRENCY */
  currency: string;
  /** OFFHOURS_DISCOUNT_PERCENT */
  discountPercent: number;
  unpriced: string[];
  /** part of the amount is on Spot meters, at today's price */
  variable: boolean;
};

export type GroupSavings = {
  saved: SavingFigures;
  /** the rest of the current month (UTC), from the schedules; zero when the period is over (no forecastPeriod) */
  forecast: SavingFigures;
  /** the targets' stillBilled.whileStopped added, at list price: what kept billing while they were stopped; unpriced names what is unknown of it (the amount is then at least that) */
  stillBilledWhileStopped: {
    amount: number;
    currency: string;
    unpriced: string[];
  };
  targets: number;
};

export type TargetSavings = {
  target: string;
  resourceId: string;
  kind: "nodepool" | "cluster" | "vmss";
  schedule?: string;
  subscriptionId: string;
  /** the nodes and region last observed before a stop, or the profile now */
  footprint?: {
    location: string;
    nodes: ({
      vmSize: string;
      count: number;
      /** absent: Linux */
      os?: "Windows";
      /** Azure Hybrid Benefit: Windows billed at the Linux rate */
      licence?: "Windows_Server";
      /** billed on the Spot meter; absent: regular */
      priority?: "Spot";
    })[];
    /** the cluster's paid AKS tier (sku.tier); absent: Free */
    tier?: "Standard" | "Premium";
    /** in words, e.g. `3 × Standard_D4s_v5 in japaneast` */
    description: string;
    /** `before-stop`: seen before the last stop; `now`: the current profile of a target never stopped yet (used for the forecast only) */
    observed: "before-stop" | "now";
  };
  saved: SavingFigures;
  /** the rest of the current month (UTC), from the schedule; absent when the period is over */
  forecast?: SavingFigures;
  /** what keeps billing while stopped, as Microsoft documents it; what has a meter is priced in whileStopped */
  stillBilled: {
    items: string[];
    source: string;
    /** billed over the hours stopped in the period, at list price: a stopped pool's cluster's tier fee, and what stays in Azure as observed in the node resource group (disks by tier, public IPs, load balancer rules); unpriced names what could not be priced or observed (the amount is then at least that) */
    whileStopped?: {
      amount: number;
      currency: string;
      items: string[];
      unpriced: string[];
      /** the day (midnight UTC) the node resource group was read */
      observedAt?: string;
    };
  };
  /** each time stopped in the period: from the stop succeeding to the next start begun */
  stopped: ({
    from: string;
    to: string;
    ongoing: boolean;
    nodes?: string;
  })[];
};

export type CostComparison = {
  /** the app's estimate of the compute cost, priced as the savings */
  estimated: number;
  /** what Cost Management billed */
  actual: number;
  /** (estimated − actual) / actual in %; null when the bill is 0 and the estimate is not */
  differencePercent: number | null;
  /** they differ by more than thresholdPercent */
  flagged: boolean;
};

/** estimated against billed compute cost for whole UTC days (docs/savings.md, "Checked against the bill"); available false with the reason when the bill cannot be read (never 0) */
export type BillCheck = {
  available: true;
  from: string;
  /** exclusive */
  to: string;
  currency: string;
  thresholdPercent: number;
  total: CostComparison;
  targets: ({
    target: string;
    estimated: number;
    actual: number;
    differencePercent: number | null;
    flagged: boolean;
    unpriced: string[];
    days: ({
      date: string;
      estimated: number;
      actual: number;
    })[];
  })[];
  /** subscriptions whose bill could not be read; their targets are left out */
  unavailable: ({
    subscriptionId: string;
    reason: string;
  })[];
} | {
  available: false;
  reason: string;
};

export type SavingsReport = {
  from: string;
  to: string;
  /** the end of the period, or now if sooner */
  countedTo: string;
  currency: string;
  discountPercent: number;
  /** the rest of the current month (UTC) the forecasts cover; absent when the period ends by now (last month) or the month is over */
  forecastPeriod?: {
    from: string;
    to: string;
  };
  total: GroupSavings;
  targets: TargetSavings[];
  schedules: ({
    saved: SavingFigures;
    /** the rest of the current month (UTC), from the schedules; zero when the period is over (no forecastPeriod) */
    forecast: SavingFigures;
    /** the targets' stillBilled.whileStopped added, at list price: what kept billing while they were stopped; unpriced names what is unknown of it (the amount is then at least that) */
    stillBilledWhileStopped: {
      amount: number;
      currency: string;
      unpriced: string[];
    };
    targets: number;
    schedule: string;
  })[];
  subscriptions: ({
    saved: SavingFigures;
    /** the rest of the current month (UTC), from the schedules; zero when the period is over (no forecastPeriod) */
    forecast: SavingFigures;
    /** the targets' stillBilled.whileStopped added, at list price: what kept billing while they were stopped; unpriced names what is unknown of it (the amount is then at least that) */
    stillBilledWhileStopped: {
      amount: number;
      currency: string;
      unpriced: string[];
    };
    targets: number;
    subscriptionId: string;
  })[];
  /** the reservations and savings plan counted (settings): the nodes they cover save nothing */
  commitments: {
    reservations: ({
      vmSize: string;
      location: string;
      count: number;
    })[];
    savingsPlanHourly: number;
  };
  /** the pay-as-you-go prices used (in effect today), from the Azure Retail Prices API */
  prices: ({
    /** e.g. Standard_D4s_v5, Standard_D4s_v5 Windows Spot, AKS Standard tier */
    priced: string;
    location: string;
    hourly: number;
    currency: string;
    meterName: string;
    productName: string;
    effectiveStartDate?: string;
    /** a Spot price: it varies */
    variable?: boolean;
  })[];
  priceProblems: string[];
  billCheck?: BillCheck;
};

export type ScheduleRequest = {
  uptime?: string;
  downtime?: string;
  timeZone?: string;
  holidays?: string;
  enforce?: boolean;
  /** how far ahead of each up time starts begin: auto (learned from past starts, the default), off, or a duration such as 15m or 1h30m */
  startLead?: string;
  /** what its targets do about their clusters' AKS maintenance windows: wake (up for each window), warn (the default: report windows left down) or ignore */
  maintenance?: string;
  description?: string;
};

export type Schedule = {
  /** as typed: a row typed in the portal may break the limits a PUT keeps */
  name: string;
  uptime?: string;
  downtime?: string;
  timeZone?: string;
  holidays?: string;
  enforce: boolean;
  /** auto, off, or a duration such as 15m (absent: auto) */
  startLead?: string;
  /** wake, warn or ignore (absent: warn) */
  maintenance?: string;
  description?: string;
  etag?: string;
  /** why the schedule cannot be used; empty when it can */
  problems: string[];
  /** worth knowing, not stopping its use: an unknown column, a range that never matches */
  warnings?: string[];
  /** the row, when its keys are not simply `schedule` and the name */
  row?: {
    partitionKey: string;
    rowKey: string;
  };
};

export type ScheduleList = {
  schedules: Schedule[];
};

export type Preview = {
  zone: string;
  from: string;
  to: string;
  windows: ({
    state: "up" | "down";
    from: string;
    to: string;
  })[];
  /** public holidays in the range that close the schedule, by local date */
  holidays: ({
    date: string;
    name: string;
  })[];
  hoursTotal: number;
  hoursUp: number;
  hoursSaved: number;
  /** each up time in the range with the start begun ahead of it (the schedule's StartLead; a learned lead is shown at its default, each target learns its own) */
  plannedStarts: PlannedStart[];
  /** the schedule's targets whose clusters have AKS maintenance windows: how many of the next four weeks' windows each is up for, and the warnings (docs/maintenance.md) */
  maintenance: ({
    target: string;
    policy: "wake" | "warn" | "ignore";
    attended: number;
    total: number;
    warnings: string[];
  })[];
};

export type TargetRequest = {
  /** ARM ID of an AKS node pool, an AKS cluster or a VM scale set */
  resourceId: string;
  schedule: string;
  /** absent: true */
  enabled?: boolean;
  /** absent: false */
  allowAksManagedScaleSet?: boolean;
  description?: string;
};

export type ListTargetsResponse = TargetList;

export type GetTargetResponse = Target;

export type PutTargetRequest = TargetRequest;

export type PutTargetResponse = Target;

export type SetOverrideRequest = OverrideRequest;

export type SetOverrideResponse = OverrideResult;

export type DeleteOverrideResponse = OverrideResult;

export type StartNowRequest = HoldRequest;

export type StartNowResponse = OverrideResult;

export type StopNowRequest = HoldRequest;

export type StopNowResponse = OverrideResult;

export type PreviewActionResponse = ActionPreview;

export type ListSchedulesResponse = ScheduleList;

export type GetScheduleResponse = Schedule;

export type PutScheduleRequest = ScheduleRequest;

export type PutScheduleResponse = Schedule;

export type PreviewScheduleResponse = Preview;

export type AuditResponse = AuditPage;

export type SavingsResponse = SavingsReport;

export type HealthResponse = Health;

export type WhoAmIResponse = Caller;

export type OpenApiResponse = {
  openapi: "3.1.0";
  paths: Record<string, unknown>;
};
