import type { RowTable, TableRow } from '../storage/RowTable.js';
import { RowAlreadyExistsError } from '../storage/RowAlreadyExistsError.js';
import { RowChangedError } from '../storage/RowChangedError.js';
import { encodeTableKey } from '../storage/tableKey.js';

const NOTICE_PARTITION = 'stop-notice';
const FAILURE_PARTITION = 'failure-notice';
const TOKEN_PARTITION = 'link-token';
/** A claim still `sending` this long after it was taken belongs to an invocation that died. */
export const STALE_CLAIM_MS = 10 * 60_000;

export interface NoticeClaim {
  etag: string;
}

export interface TokenUse {
  usedAt: number;
  usedBy: string;
}

const failureKey = (channel: string, transitionKey: string) => `${channel}_${encodeTableKey(transitionKey)}`;
const stopKey = (channel: string, stopAt: number) => `${channel}_${new Date(stopAt).toISOString()}`;

/**
 * The Notices table (docs/storage.md): written by the app only. A row per channel and stop time is
 * the claim that makes a notice go out once however many ticks plan it (a conditional insert: of two
 * racing ticks one wins); a row per used link token makes a token work once.
 */
export class NoticeTable {
  static readonly tableName = 'Notices';

  constructor(readonly rows: RowTable) {}

  /**
   * Claims the notice for the channel and stop time; undefined when another tick has it. A claim
   * left `sending` by an invocation that died is taken over (conditional on its ETag).
   */
  async claim(
    channel: string,
    stopAt: number,
    now: number,
    targets: readonly string[],
  ): Promise<NoticeClaim | undefined> {
    const row: TableRow = {
      partitionKey: NOTICE_PARTITION,
      rowKey: stopKey(channel, stopAt),
      Channel: channel,
      StopAt: new Date(stopAt).toISOString(),
      Status: 'sending',
      ClaimedAt: new Date(now).toISOString(),
      Targets: targets.join(', ').slice(0, 30_000),
    };
    try {
      return { etag: await this.rows.insert(row) };
    } catch (error) {
      if (!(error instanceof RowAlreadyExistsError)) throw error;
    }
    const current = await this.rows.get(row.partitionKey, row.rowKey);
    const claimedAt = Date.parse(String(current?.['ClaimedAt'] ?? ''));
    if (!current?.etag || current['Status'] !== 'sending' || !(now - claimedAt >= STALE_CLAIM_MS))
      return undefined;
    try {
      return { etag: await this.rows.replace(row, current.etag) };
    } catch (error) {
      if (error instanceof RowChangedError) return undefined;
      throw error;
    }
  }

  /** What came of a claimed notice: `sent`, or `failed` with why. */
  async record(
    channel: string,
    stopAt: number,
    claim: NoticeClaim,
    outcome: { status: 'sent' | 'failed'; attempts: number; at: number; message?: string },
  ): Promise<void> {
    const current = await this.rows.get(NOTICE_PARTITION, stopKey(channel, stopAt));
    await this.rows.replace(
      {
        ...(current ?? { partitionKey: NOTICE_PARTITION, rowKey: stopKey(channel, stopAt) }),
        Status: outcome.status,
        Attempts: outcome.attempts,
        FinishedAt: new Date(outcome.at).toISOString(),
        ...(outcome.message ? { Message: outcome.message.slice(0, 1000) } : {}),
      },
      claim.etag,
    );
  }

  /** Claims the failure notice of an operation for a channel; undefined when another run has it. */
  async claimFailure(
    channel: string,
    transitionKey: string,
    now: number,
    target: string,
  ): Promise<NoticeClaim | undefined> {
    try {
      return {
        etag: await this.rows.insert({
          partitionKey: FAILURE_PARTITION,
          rowKey: failureKey(channel, transitionKey),
          Channel: channel,
          Target: target,
          Status: 'sending',
          ClaimedAt: new Date(now).toISOString(),
        }),
      };
    } catch (error) {
      if (error instanceof RowAlreadyExistsError) return undefined;
      throw error;
    }
  }

  async recordFailure(
    channel: string,
    transitionKey: string,
    claim: NoticeClaim,
    outcome: { status: 'sent' | 'failed'; attempts: number; at: number; message?: string },
  ): Promise<void> {
    const current = await this.rows.get(FAILURE_PARTITION, failureKey(channel, transitionKey));
    await this.rows.replace(
      {
        ...(current ?? { partitionKey: FAILURE_PARTITION, rowKey: failureKey(channel, transitionKey) }),
        Status: outcome.status,
        Attempts: outcome.attempts,
        FinishedAt: new Date(outcome.at).toISOString(),
        ...(outcome.message ? { Message: outcome.message.slice(0, 1000) } : {}),
      },
      claim.etag,
    );
  }

  /** The notice row, for tests and the operations guide. */
  async notice(channel: string, stopAt: number): Promise<TableRow | undefined> {
    return this.rows.get(NOTICE_PARTITION, stopKey(channel, stopAt));
  }

  /** Marks a token used; false when it already was (a conditional insert: of two clicks one wins). */
  async useToken(
    id: string,
    details: { target: string; action: string; channel: string; usedBy: string; at: number },
  ): Promise<boolean> {
    try {
      await this.rows.insert({
        partitionKey: TOKEN_PARTITION,
        rowKey: id,
        Target: details.target,
        Action: details.action,
        Channel: details.channel,
        UsedBy: details.usedBy,
        UsedAt: new Date(details.at).toISOString(),
      });
      return true;
    } catch (error) {
      if (error instanceof RowAlreadyExistsError) return false;
      throw error;
    }
  }

  /** When and by whom a token was used, if it was. */
  async tokenUse(id: string): Promise<TokenUse | undefined> {
    const row = await this.rows.get(TOKEN_PARTITION, id);
    if (!row) return undefined;
    return { usedAt: Date.parse(String(row['UsedAt'] ?? '')), usedBy: String(row['UsedBy'] ?? '') };
  }

  /** Gives a token back when its action was refused and nothing changed, so it can be used again. */
  async releaseToken(id: string): Promise<void> {
    await this.rows.delete(TOKEN_PARTITION, id);
  }
}
