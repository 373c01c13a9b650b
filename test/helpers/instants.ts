/** Epoch ms of an ISO 8601 instant; throws on a typo so a test cannot silently compare with NaN. */
export function at(iso: string): number {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) throw new Error(`test bug: "${iso}" is not an ISO instant`);
  return instant;
}

export function iso(instant: number | undefined): string | undefined {
  return instant === undefined ? undefined : new Date(instant).toISOString();
}
