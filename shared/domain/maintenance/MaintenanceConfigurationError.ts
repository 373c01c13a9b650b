import type { MaintenanceConfigurationProblem } from './MaintenanceConfigurationProblem.js';

/** A maintenance configuration that cannot be read as AKS would; `problems` lists every mistake found. */
export class MaintenanceConfigurationError extends Error {
  override readonly name = 'MaintenanceConfigurationError';
  readonly problems: readonly MaintenanceConfigurationProblem[];

  constructor(
    configuration: string,
    problems: readonly MaintenanceConfigurationProblem[],
    options?: { cause?: unknown },
  ) {
    super(
      `maintenance configuration "${configuration}": ${problems.map((problem) => `${problem.field} ${problem.message}`).join('; ')}`,
      options,
    );
    this.problems = problems;
  }
}
