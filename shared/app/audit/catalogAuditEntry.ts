import type { AuditEntry } from './AuditTrail.js';

/** A person's change to the catalog (a Schedules or Targets row), from the API, the page or an import. */
export interface CatalogWrite {
  kind: 'schedule' | 'target';
  action: 'create' | 'update' | 'delete';
  name: string;
  resourceId?: string;
  /** What the row now says, in short (`schedule office, enabled true`), or `deleted`. */
  result: string;
  /** Where the change came from when not the API (`import of fleet.yaml`). */
  via?: string;
}

const ACTIONS = {
  schedule: { create: 'schedule-created', update: 'schedule-updated', delete: 'schedule-deleted' },
  target: { create: 'target-registered', update: 'target-updated', delete: 'target-unregistered' },
} as const;

/**
 * The audit entry of a catalog change: one shape whoever made it (docs/architecture.md, "Audit"),
 * so the trail reads the same for the API, the status page and `aks-offhours import`.
 */
export function catalogAuditEntry(write: CatalogWrite, actor: string, at: number): AuditEntry {
  return {
    at,
    ...(write.kind === 'target' ? { targetName: write.name } : {}),
    ...(write.resourceId ? { resourceId: write.resourceId } : {}),
    action: ACTIONS[write.kind][write.action],
    actor,
    reason: `${write.via ? `${write.via}: ` : ''}${write.kind} ${write.name}`,
    result: write.result,
  };
}
