import { DAY_MS } from '../time.js';
import { dayNumber, daysInMonth, formatIsoDate } from './civilCalendar.js';

/** Where the calendar below comes from. */
export const KUBERNETES_CALENDAR_SOURCE =
  'https://learn.microsoft.com/azure/aks/supported-kubernetes-versions#aks-kubernetes-release-calendar-and-upcoming-versions';
export const KUBERNETES_LTS_CALENDAR_SOURCE =
  'https://learn.microsoft.com/azure/aks/supported-kubernetes-versions#lts-versions';

/** One minor version's support on AKS, from AKS's release calendar. */
export interface KubernetesVersionSupport {
  /** `1.33` */
  minor: string;
  /** The first instant after the end-of-life date (00:00 UTC the next day), epoch ms. */
  endOfSupport?: number;
  /** The page the dates come from. */
  source: string;
  /** The calendar's cells as written: "AKS GA", "End of life", "LTS End of life", "Platform support". */
  asWritten: { aksGa: string; endOfLife: string; ltsEndOfLife?: string; platformSupport?: string };
  /** The end-of-life date read from the cell, `YYYY-MM-DD`. */
  endOfLife: string;
  /** With the AKS Long Term Support plan, epoch ms as `endOfSupport`. */
  ltsEndOfSupport?: number;
  ltsEndOfLife?: string;
}

/**
 * AKS's release calendar and LTS table as of the docs commit fb060ab (page dated 08/05/2026; read
 * 2026-12-05), cell for cell. Every date is Microsoft's: none is estimated. "Unless an explicit date
 * is provided, the End of Life (EOL) date is the last day of the specified month. For example, 'Mar
 * 2026' indicates March 31, 2026." Rows 1.29–1.31 appear only in the LTS table, where they end their
 * regular support on the "End of life" date.
 */
const CALENDAR_CELLS: readonly [
  minor: string,
  aksGa: string,
  endOfLife: string,
  ltsEndOfLife: string,
  platformSupport?: string,
][] = [
  ['1.29', 'Mar 2024', 'Mar 2025', 'Apr 2026'],
  ['1.30', 'Jul 2024', 'Aug 22, 2025', 'Jul 2026'],
  ['1.31', 'Nov 2024', 'Nov 1, 2025', 'Nov 2026'],
  ['1.32', 'Apr 2025', 'Mar 2026', 'Mar 2027', 'Until 1.36 GA'],
  ['1.33', 'Jun 2025', 'Jul 2026', 'Jul 2027', 'Until 1.37 GA'],
  ['1.34', 'Nov 2025', 'Nov 2026', 'Nov 2027', 'Until 1.38 GA'],
  ['1.35', 'Mar 2026', 'Mar 2027', 'Mar 2028', 'Until 1.39 GA'],
  ['1.36', 'Jun 2026', 'Jun 2027', 'Jun 2028', 'Until 1.40 GA'],
  ['1.37', 'Oct 2026', 'Oct 2027', 'Oct 2028', 'Until 1.41 GA'],
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_YEAR = /^([A-Z][a-z]{2}) (\d{4})$/;
const MONTH_DAY_YEAR = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4})$/;

/** The day number of a calendar cell: "Aug 22, 2025" is that day, "Mar 2026" the month's last day. */
export function calendarCellDay(cell: string): number {
  const exact = MONTH_DAY_YEAR.exec(cell);
  if (exact) return dayNumber(Number(exact[3]), monthOf(exact[1] ?? ''), Number(exact[2]));
  const monthly = MONTH_YEAR.exec(cell);
  if (!monthly) throw new RangeError(`calendar cell "${cell}" is neither "Mar 2026" nor "Aug 22, 2025"`);
  const [year, month] = [Number(monthly[2]), monthOf(monthly[1] ?? '')];
  return dayNumber(year, month, daysInMonth(year, month));
}

function monthOf(name: string): number {
  const index = MONTHS.indexOf(name);
  if (index === -1) throw new RangeError(`"${name}" is not a month abbreviation`);
  return index + 1;
}

export const KUBERNETES_SUPPORT_CALENDAR: readonly KubernetesVersionSupport[] = CALENDAR_CELLS.map(
  ([minor, aksGa, endOfLife, ltsEndOfLife, platformSupport]) => {
    const lastDay = calendarCellDay(endOfLife);
    const ltsLastDay = calendarCellDay(ltsEndOfLife);
    return {
      minor,
      endOfSupport: (lastDay + 1) * DAY_MS,
      source: KUBERNETES_CALENDAR_SOURCE,
      asWritten: { aksGa, endOfLife, ltsEndOfLife, ...(platformSupport ? { platformSupport } : {}) },
      endOfLife: formatIsoDate(lastDay),
      ltsEndOfSupport: (ltsLastDay + 1) * DAY_MS,
      ltsEndOfLife: formatIsoDate(ltsLastDay),
    };
  },
);

export type KubernetesSupportStatus = 'supported' | 'ending' | 'unsupported' | 'unknown';

export interface KubernetesSupportOptions {
  /** `ending` this many days or fewer before the end of support; 30 by default. */
  warnDays?: number;
  /**
   * The minors the region's kubernetesVersions API offers; a minor absent from it is unsupported whatever the
   * calendar says.
   */
  supportedMinors?: readonly string[];
  /** The cluster has the AKS Long Term Support plan: the LTS end of life applies. */
  longTermSupport?: boolean;
}

const DEFAULT_WARN_DAYS = 30;
const VERSION = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?$/;

/** `1.33` for `1.33.2`, `v1.33` or `1.33.2-hotfix`, or undefined when the text is no Kubernetes version. */
export function kubernetesMinor(version: string): string | undefined {
  const match = VERSION.exec(version.trim());
  return match ? `${Number(match[1])}.${Number(match[2])}` : undefined;
}

/**
 * From AKS's release calendar (learn.microsoft.com/azure/aks/supported-kubernetes-versions): the status
 * of a version at `now`: supported | ending (within `warnDays`) | unsupported | unknown, with the
 * end of support when the calendar has one, and a reason naming the source.
 */
export function kubernetesSupportStatus(
  version: string,
  now: number,
  options: KubernetesSupportOptions = {},
): { status: KubernetesSupportStatus; endOfSupport?: number; reason: string } {
  const minor = kubernetesMinor(version);
  if (minor === undefined)
    return { status: 'unknown', reason: `"${version}" is not a Kubernetes version such as 1.33.2` };
  const entry = KUBERNETES_SUPPORT_CALENDAR.find((row) => row.minor === minor);
  const offered = options.supportedMinors?.map((listed) => kubernetesMinor(listed) ?? listed);
  if (offered && !offered.includes(minor)) {
    const calendar = entry ? `; AKS's release calendar gives its end of life as ${entry.endOfLife}` : '';
    return {
      status: 'unsupported',
      ...(entry?.endOfSupport === undefined ? {} : { endOfSupport: entry.endOfSupport }),
      reason: `AKS no longer offers Kubernetes ${minor} in the cluster's region (it offers ${offered.join(', ') || 'none'})${calendar}`,
    };
  }
  if (!entry) return withoutCalendarEntry(minor, offered !== undefined);
  const lts = options.longTermSupport === true && entry.ltsEndOfSupport !== undefined;
  const endOfSupport = (lts ? entry.ltsEndOfSupport : entry.endOfSupport) as number;
  const endDate = (lts ? entry.ltsEndOfLife : entry.endOfLife) as string;
  const plan = lts ? ' with Long Term Support' : '';
  const source = lts ? KUBERNETES_LTS_CALENDAR_SOURCE : entry.source;
  if (now >= endOfSupport) {
    const platform =
      !lts && entry.asWritten.platformSupport
        ? `; in platform support only, ${entry.asWritten.platformSupport.replace(/^Until/, 'until')}`
        : '';
    return {
      status: 'unsupported',
      endOfSupport,
      reason: `Kubernetes ${minor}${plan} reached its end of life on ${endDate}${platform} (${source})`,
    };
  }
  const daysLeft = Math.ceil((endOfSupport - now) / DAY_MS);
  const warnDays = options.warnDays ?? DEFAULT_WARN_DAYS;
  if (endOfSupport - now <= warnDays * DAY_MS) {
    return {
      status: 'ending',
      endOfSupport,
      reason: `Kubernetes ${minor}${plan} reaches its end of life on ${endDate}, in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${source})`,
    };
  }
  return {
    status: 'supported',
    endOfSupport,
    reason: `Kubernetes ${minor}${plan} is supported until its end of life on ${endDate} (${source})`,
  };
}

function withoutCalendarEntry(
  minor: string,
  offeredInRegion: boolean,
): { status: KubernetesSupportStatus; reason: string } {
  const oldest = KUBERNETES_SUPPORT_CALENDAR[0] as KubernetesVersionSupport;
  if (compareMinors(minor, oldest.minor) < 0) {
    return {
      status: 'unsupported',
      reason: `Kubernetes ${minor} is older than every version in AKS's release calendar, whose oldest, ${oldest.minor}, reached its end of life on ${oldest.endOfLife} (${KUBERNETES_CALENDAR_SOURCE})`,
    };
  }
  if (offeredInRegion) {
    return {
      status: 'supported',
      reason: `AKS offers Kubernetes ${minor} in the cluster's region; its release calendar gives no end of life yet (${KUBERNETES_CALENDAR_SOURCE})`,
    };
  }
  return {
    status: 'unknown',
    reason: `AKS's release calendar has no entry for Kubernetes ${minor} (${KUBERNETES_CALENDAR_SOURCE})`,
  };
}

function compareMinors(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
