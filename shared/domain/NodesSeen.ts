import { parseFootprint, type ComputeFootprint } from './ComputeFootprint.js';
import { DAY_MS } from './time.js';

/**
 * The nodes a target was seen running, each time they changed (docs/savings.md, Checked against
 * the bill): an autoscaler moves a pool between counts while it runs, and the bill check estimates
 * those hours on the counts seen then, not on the count seen before the last stop.
 */
export interface NodesSeen {
  at: number;
  footprint: ComputeFootprint;
}

/** The bill check looks this far back (the savings report's look-back): older sightings are let go. */
const KEEP_MS = 45 * DAY_MS;
/** A bound on the State cell (64 KiB): an autoscaler that moves every 10 minutes still fits a week. */
const MOST_LINES = 1000;

/**
 * The `NodesSeen` column with this tick's sighting added when it differs from the last one (one
 * line per change: `ISO instant` TAB `footprint JSON`). Only a running target's nodes are its
 * running count. Kept as text between ticks: the common case (nothing changed) compares the last
 * line's text and parses nothing.
 */
export function recordNodesSeen(
  remembered: string | undefined,
  running: boolean,
  footprint: ComputeFootprint | undefined,
  now: number,
): string | undefined {
  if (!running || !footprint) return remembered;
  const json = JSON.stringify(footprint);
  if (remembered?.endsWith(`\t${json}`)) return remembered;
  const line = `${new Date(now).toISOString()}\t${json}`;
  const lines = remembered ? remembered.split('\n') : [];
  // The newest line older than the window stays: it says what ran at the window's start.
  const firstKept = lines.findIndex((_, index) => (instantOf(lines[index + 1]) ?? now) > now - KEEP_MS);
  const kept = firstKept < 0 ? [] : lines.slice(firstKept);
  return [...kept, line].slice(-MOST_LINES).join('\n');
}

/** The sightings of a `NodesSeen` column, oldest first; a line edited into something else is skipped. */
export function parseNodesSeen(text: string | undefined): NodesSeen[] {
  if (!text) return [];
  return text.split('\n').flatMap((line) => {
    const at = instantOf(line);
    const footprint = parseFootprint(line.slice(line.indexOf('\t') + 1));
    return at !== undefined && footprint ? [{ at, footprint }] : [];
  });
}

function instantOf(line: string | undefined): number | undefined {
  if (!line) return undefined;
  const tab = line.indexOf('\t');
  const at = tab > 0 ? Date.parse(line.slice(0, tab)) : NaN;
  return Number.isNaN(at) ? undefined : at;
}
