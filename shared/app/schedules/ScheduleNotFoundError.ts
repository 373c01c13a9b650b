/** A schedule was asked for by name and there is none. */
export class ScheduleNotFoundError extends Error {
  override readonly name = 'ScheduleNotFoundError';

  constructor(
    readonly scheduleName: string,
    options?: { cause?: unknown },
  ) {
    super(`there is no schedule named "${scheduleName}"`, options);
  }
}
