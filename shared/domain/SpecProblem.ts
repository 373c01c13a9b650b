/** One thing wrong with a schedule field, phrased so a person can fix it without reading code. */
export interface SpecProblem {
  /** The schedule field the text came from: `Uptime`, `Downtime`, `TimeZone` or `Holidays`. */
  field: string;
  /** 1-based number of the comma-separated item, when the problem is inside one item. */
  item?: number;
  /** The item's text as written (trimmed). */
  itemText?: string;
  /** 1-based character position in the field's text where the offending part starts. */
  position?: number;
  /** What is wrong and how to fix it. */
  message: string;
}

export function formatSpecProblem(problem: SpecProblem): string {
  const where: string[] = [problem.field];
  if (problem.item !== undefined) where.push(`item ${problem.item} "${problem.itemText ?? ''}"`);
  if (problem.position !== undefined) where.push(`at position ${problem.position}`);
  return `${where.join(' ')}: ${problem.message}`;
}
