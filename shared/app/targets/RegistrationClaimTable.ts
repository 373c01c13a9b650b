import type { ResourceId } from '../../domain/ResourceId.js';
import type { RowTable, TableRow } from '../storage/RowTable.js';
import { RowAlreadyExistsError } from '../storage/RowAlreadyExistsError.js';
import { RowChangedError } from '../storage/RowChangedError.js';
import { encodeTableKey } from '../storage/tableKey.js';

/** Which target name holds a resource, and since when. */
export interface RegistrationClaim {
  targetName: string;
  claimedAt: number;
  etag: string;
}

/**
 * One row per resource registered through the API, keyed by its (lower-case) resource ID and written
 * conditionally: of two requests registering one resource under two names at once, only one can
 * create it (docs/decisions.md). Kept in the app-written State table, in its own partition.
 */
export class RegistrationClaimTable {
  static readonly partitionKey = 'registration';

  constructor(private readonly rows: RowTable) {}

  /** Creates the claim; `undefined` when another row holds the resource already. */
  async create(resource: ResourceId, targetName: string, now: number): Promise<string | undefined> {
    try {
      return await this.rows.insert(toRow(resource, targetName, now));
    } catch (error) {
      if (error instanceof RowAlreadyExistsError) return undefined;
      throw error;
    }
  }

  async get(resource: ResourceId): Promise<RegistrationClaim | undefined> {
    const row = await this.rows.get(RegistrationClaimTable.partitionKey, encodeTableKey(resource.key));
    if (!row) return undefined;
    const claimedAt = Date.parse(typeof row['ClaimedAt'] === 'string' ? row['ClaimedAt'] : '');
    return {
      targetName: typeof row['Target'] === 'string' ? row['Target'] : '',
      claimedAt: Number.isNaN(claimedAt) ? 0 : claimedAt,
      etag: row.etag ?? '',
    };
  }

  /** Takes over a claim still as read (`RowChangedError` if someone else took it first). */
  async takeOver(resource: ResourceId, targetName: string, now: number, etag: string): Promise<string> {
    return this.rows.replace(toRow(resource, targetName, now), etag);
  }

  /** Removes the claim if it is still as read (with `etag`) or, without one, if `targetName` holds it. */
  async release(resource: ResourceId, targetName: string, etag?: string): Promise<void> {
    const claim = etag ? { etag, targetName } : await this.get(resource);
    if (!claim || claim.targetName.toLowerCase() !== targetName.toLowerCase()) return;
    try {
      await this.rows.delete(RegistrationClaimTable.partitionKey, encodeTableKey(resource.key), claim.etag);
    } catch (error) {
      // Someone took the claim over in between: it is theirs now, and stays.
      if (!(error instanceof RowChangedError)) throw error;
    }
  }
}

function toRow(resource: ResourceId, targetName: string, now: number): TableRow {
  return {
    partitionKey: RegistrationClaimTable.partitionKey,
    rowKey: encodeTableKey(resource.key),
    ResourceId: resource.id,
    Target: targetName,
    ClaimedAt: new Date(now).toISOString(),
  };
}
