import type { UpgradeChannel } from './FakeFleetModel.js';

/*
 * The Kubernetes versions AKS offers in a location, as ManagedClusters_ListKubernetesVersions
 * returns them (the KubernetesVersions_List example): minor versions, each with its patch versions
 * and the upgrades open from each, `isDefault`, `isPreview` and `capabilities.supportPlan`. The
 * upgrade targets of each channel follow auto-upgrade-cluster.md; an upgrade never skips a minor.
 */

export interface KubernetesMinorVersion {
  /** `major.minor`, such as `1.33`. */
  version: string;
  /** Its patch versions, oldest first. */
  patchVersions: string[];
  isDefault?: boolean;
  isPreview?: boolean;
  /** Default `['KubernetesOfficial']`; add `AKSLongTermSupport` for an LTS minor. */
  supportPlan?: string[];
}

/**
 * The fake's catalog where a test sets none: three GA minors and a preview. An example to upgrade
 * through, not a record of which versions AKS supported when: tests that need dates set their own.
 */
export const DEFAULT_KUBERNETES_VERSIONS: readonly KubernetesMinorVersion[] = [
  { version: '1.32', patchVersions: ['1.32.6', '1.32.9'] },
  { version: '1.33', patchVersions: ['1.33.2', '1.33.5'], isDefault: true },
  { version: '1.34', patchVersions: ['1.34.1', '1.34.3'] },
  { version: '1.35', patchVersions: ['1.35.0'], isPreview: true },
];

/** Numeric order of `1.33.2`-style versions. */
export function compareVersions(left: string, right: string): number {
  const a = left.split('.').map(Number);
  const b = right.split('.').map(Number);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function minorOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

function sorted(versions: readonly KubernetesMinorVersion[]): KubernetesMinorVersion[] {
  return [...versions].sort((a, b) => compareVersions(a.version, b.version));
}

/** The versions a cluster on `patch` may upgrade to: later patches of its minor and the next minor's. */
export function upgradesFrom(
  versions: readonly KubernetesMinorVersion[],
  patch: string,
): { kubernetesVersion: string; isPreview?: boolean }[] {
  const minors = sorted(versions);
  const index = minors.findIndex((minor) => minor.version === minorOf(patch));
  if (index < 0) return [];
  const candidates = [minors[index], minors[index + 1]].filter(
    (minor): minor is KubernetesMinorVersion => minor !== undefined,
  );
  return candidates.flatMap((minor) =>
    minor.patchVersions
      .filter((candidate) => compareVersions(candidate, patch) > 0)
      .map((candidate) => ({
        kubernetesVersion: candidate,
        ...(minor.isPreview ? { isPreview: true } : {}),
      })),
  );
}

/** ManagedClusters_ListKubernetesVersions' body. */
export function kubernetesVersionsJson(versions: readonly KubernetesMinorVersion[]): Record<string, unknown> {
  return {
    values: sorted(versions).map((minor) => ({
      version: minor.version,
      capabilities: { supportPlan: minor.supportPlan ?? ['KubernetesOfficial'] },
      ...(minor.isDefault ? { isDefault: true } : {}),
      ...(minor.isPreview ? { isPreview: true } : {}),
      patchVersions: Object.fromEntries(
        minor.patchVersions.map((patch) => [
          patch,
          { upgrades: upgradesFrom(versions, patch).map((upgrade) => upgrade.kubernetesVersion) },
        ]),
      ),
    })),
  };
}

/**
 * The version the channel upgrades a cluster on `current` to next, if any (auto-upgrade-cluster.md):
 * `patch` the latest patch of its minor; `stable` the latest patch of minor N-1 and `rapid` of N
 * (N the newest GA minor), one minor at a time; `none` and `node-image` never.
 */
export function channelTarget(
  versions: readonly KubernetesMinorVersion[],
  channel: UpgradeChannel,
  current: string,
): string | undefined {
  if (channel === 'none' || channel === 'node-image') return undefined;
  const generallyAvailable = sorted(versions).filter((minor) => !minor.isPreview);
  const index = generallyAvailable.findIndex((minor) => minor.version === minorOf(current));
  const goal = channel === 'patch' ? index : generallyAvailable.length - (channel === 'stable' ? 2 : 1);
  const step = index < 0 || goal <= index ? index : index + 1;
  const latest = generallyAvailable[step]?.patchVersions.at(-1);
  return latest !== undefined && compareVersions(latest, current) > 0 ? latest : undefined;
}
