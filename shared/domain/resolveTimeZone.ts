import { closestMatches } from './closestMatches.js';

/**
 * Three-letter IDs that ICU (and so Node's Intl) accepts but that are not IANA zones; several mean
 * something surprising there (`BST` is Dhaka, `IST` is Kolkata), so we refuse them outright.
 */
const ICU_ONLY_IDS = new Set([
  'ACT',
  'AET',
  'AGT',
  'ART',
  'AST',
  'BET',
  'BST',
  'CAT',
  'CNT',
  'CST',
  'CTT',
  'EAT',
  'ECT',
  'IET',
  'IST',
  'JST',
  'MIT',
  'NET',
  'NST',
  'PLT',
  'PNT',
  'PRT',
  'PST',
  'SST',
  'VST',
]);

/** The zone people most often mean by a common abbreviation, for the error message. */
const ABBREVIATION_HINTS: Record<string, string> = {
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  IST: 'Asia/Kolkata',
  SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  MDT: 'America/Denver',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  EDT: 'America/New_York',
  AST: 'America/Halifax',
  BST: 'Europe/London',
  CEST: 'Europe/Berlin',
  EEST: 'Europe/Helsinki',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  ACST: 'Australia/Adelaide',
  AWST: 'Australia/Perth',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
};

const ABBREVIATION_SHAPE = /^[A-Za-z]{2,5}$/;
const UTC_OFFSET = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

let canonicalByLowerCase: Map<string, string> | undefined;

function canonicalNames(): Map<string, string> {
  canonicalByLowerCase ??= new Map(
    [...Intl.supportedValuesOf('timeZone'), 'UTC'].map((zone) => [zone.toLowerCase(), zone]),
  );
  return canonicalByLowerCase;
}

function isAcceptedByIntl(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function abbreviationMessage(name: string): string {
  const hint = ABBREVIATION_HINTS[name.toUpperCase()] ?? 'Europe/Berlin';
  return `"${name}" is an abbreviation; use an IANA zone such as ${hint}`;
}

/** Fixed offsets have no DST, which is rarely what people mean; the Etc zones invert the sign. */
function offsetMessage(name: string, [, sign, hours = '0', minutes]: RegExpExecArray): string {
  const wholeHours = minutes === undefined || minutes === '00';
  const etcZone = wholeHours
    ? `, or Etc/GMT${sign === '+' ? '-' : '+'}${Number(hours)} for a fixed offset with no DST`
    : '';
  return `"${name}" is an offset, not a time zone; use an IANA zone such as Asia/Tokyo${etcZone}`;
}

export type TimeZoneResolution = { ok: true; zone: string } | { ok: false; message: string };

/**
 * Accepts IANA zone names in any case (`asia/tokyo`), including legacy links such as `US/Pacific`,
 * and refuses abbreviations with a suggestion.
 */
export function resolveTimeZone(name: string): TimeZoneResolution {
  const upper = name.toUpperCase();
  if (ICU_ONLY_IDS.has(upper)) return { ok: false, message: abbreviationMessage(name) };
  // Checked before Intl, which accepts bare offsets from Node 22 on.
  const offset = UTC_OFFSET.exec(name);
  if (offset) return { ok: false, message: offsetMessage(name, offset) };
  if (!isAcceptedByIntl(name)) {
    if (ABBREVIATION_SHAPE.test(name)) return { ok: false, message: abbreviationMessage(name) };
    const suggestions = closestMatches(name, [...canonicalNames().values()], 3);
    const hint =
      suggestions.length > 0
        ? `; did you mean ${suggestions.join(' or ')}?`
        : '; use an IANA zone such as Europe/Berlin';
    return { ok: false, message: `"${name}" is not a known time zone${hint}` };
  }
  return { ok: true, zone: canonicalNames().get(name.toLowerCase()) ?? name };
}
