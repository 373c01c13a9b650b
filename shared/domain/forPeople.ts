import { whenIn } from './whenIn.js';

/** An ISO 8601 instant, and the local time some messages add after it in brackets (`… (Sat 2026-12-05 07:43 Europe/Berlin)`). */
const INSTANT =
  /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})(?: \((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [^)]*\))?/g;

/** The app's own words for things, as a person would say them. */
const WORDS: [RegExp, string][] = [
  [/\bkeep-running\b/g, 'keep running'],
  [/\bkeep-stopped\b/g, 'keep stopped'],
  [/\bskip-next-stop\b/g, 'skip the next stop'],
  [/\bskip-next-start\b/g, 'skip the next start'],
  [/\bkeep-1h\b/g, 'keep running 1 h'],
  [/\bkeep-until\b/g, 'keep running until'],
  [/\bskip-stop\b/g, 'skip the stop'],
  [/\bdesired\b/g, 'wanted'],
  // A one-click link's token ID is for the audit trail, not for the person reading the page.
  [/ ?\(token [^)]*\)/g, ''],
];

/**
 * A message the app wrote for its records (an audit reason, a decision's reason, an override's
 * summary), made fit for people: each ISO instant becomes `Sat 5 Dec 14:00 Europe/Berlin` in `zone`
 * (with whenIn, the one formatter), and internal words such as `keep-running` become plain ones.
 * JSON answers keep the original; only text shown to a person goes through here.
 */
export function forPeople(text: string, zone: string): string {
  let plain = text.replace(INSTANT, (match) => {
    const instant = Date.parse(match.replace(/ \(.*\)$/, ''));
    return Number.isNaN(instant) ? match : whenIn(instant, zone);
  });
  for (const [pattern, words] of WORDS) plain = plain.replace(pattern, words);
  return plain;
}
