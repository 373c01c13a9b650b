import type { RowReader } from '../storage/RowReader.js';

const NOTIFY_LENGTH = 1000;

/**
 * The Notify column as text; which channels it names is checked against the settings by
 * `notifyProblems` (notifyChannels.ts). This file is what the tables read, so it imports nothing of the
 * catalog: the tables come before the catalog (no import cycle).
 */
export function readNotify(reader: RowReader): string | undefined {
  return reader.text('Notify', { maxLength: NOTIFY_LENGTH });
}

/** The channel names a Notify cell lists (comma-separated, any spacing). */
export function channelNames(notify: string | undefined): string[] {
  return (notify ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
