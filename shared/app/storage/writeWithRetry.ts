import { RowChangedError } from './RowChangedError.js';

/** How often a read-change-write is retried when others keep writing the same row. */
const ATTEMPTS = 5;

/**
 * Runs a read-change-write; on `RowChangedError` (HTTP 412: someone wrote the row in between) runs it
 * again from the read, so the other edit is kept and ours is applied on top. Gives up with the
 * error after a few attempts rather than ever writing blind.
 */
export async function writeWithRetry<T>(readChangeWrite: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readChangeWrite();
    } catch (error) {
      if (!(error instanceof RowChangedError) || attempt >= ATTEMPTS) throw error;
    }
  }
}
