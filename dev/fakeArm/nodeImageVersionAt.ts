/*
 * AKS ships a new node image every week (planned-maintenance.md: "a new node image is shipped every
 * week"; auto-upgrade-node-os-image.md: NodeImage "on a weekly cadence"). The fake releases one at
 * `firstReleaseAt` and every `everyMs` after, named like AKS's images after the release day:
 * `AKSUbuntu-2204gen2containerd-YYYYMM.DD.0`.
 */

export interface NodeImageReleases {
  /** A release instant (ms); releases repeat every `everyMs` before and after it. */
  firstReleaseAt: number;
  everyMs: number;
  /** The image name before the date, such as `AKSUbuntu-2204gen2containerd`. */
  prefix: string;
}

export const WEEKLY_NODE_IMAGES: NodeImageReleases = {
  // A Monday, 00:00 UTC.
  firstReleaseAt: Date.UTC(2025, 0, 6),
  everyMs: 7 * 86_400_000,
  prefix: 'AKSUbuntu-2204gen2containerd',
};

/** The newest node image released by `at`. */
export function nodeImageVersionAt(releases: NodeImageReleases, at: number): string {
  const released = Math.floor((at - releases.firstReleaseAt) / releases.everyMs);
  const day = new Date(releases.firstReleaseAt + released * releases.everyMs).toISOString();
  return `${releases.prefix}-${day.slice(0, 4)}${day.slice(5, 7)}.${day.slice(8, 10)}.0`;
}
