/** A setting that is missing or invalid; the message names the setting, its value and what is valid. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`, options);
  }
}
