/** Three-letter weekday names in Monday-first order, the order kube-downscaler uses. */
export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** 0 for Monday … 6 for Sunday, case-insensitive; undefined when the text is not a weekday name. */
export function weekdayIndex(name: string): number | undefined {
  const index = WEEKDAY_NAMES.findIndex((weekday) => weekday.toLowerCase() === name.toLowerCase());
  return index === -1 ? undefined : index;
}

/** The days of `first-last`, wrapping past Sunday when `last` comes before `first` (`Sat-Mon`). */
export function weekdayRange(first: number, last: number): Set<number> {
  const days = new Set<number>();
  for (let day = first; ; day = (day + 1) % 7) {
    days.add(day);
    if (day === last) return days;
  }
}
