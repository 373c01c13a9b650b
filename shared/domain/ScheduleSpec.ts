/**
 * A parsed time spec: the union of its items. Weekly items are read on the wall clock of their
 * zone; absolute items are fixed instants.
 */
export type SpecItem = WeeklyItem | AbsoluteItem | ConstantItem;

export interface WeeklyItem {
  type: 'weekly';
  /** Weekdays on which a window starts, 0 = Monday … 6 = Sunday. */
  startDays: ReadonlySet<number>;
  /** Minute of the day the window starts, inclusive. */
  startMinute: number;
  /** Minute of the day the window ends, exclusive; up to 1440 (`24:00`). Below `startMinute` means overnight. */
  endMinute: number;
  zone: string;
  text: string;
}

export interface AbsoluteItem {
  type: 'absolute';
  /** First instant inside, epoch ms. */
  from: number;
  /** Last instant inside, epoch ms (both ends are inclusive, as in kube-downscaler). */
  to: number;
  text: string;
}

export interface ConstantItem {
  type: 'always' | 'never';
  text: string;
}

export interface ScheduleSpec {
  items: readonly SpecItem[];
}
