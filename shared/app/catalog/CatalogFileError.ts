/** A schedules-and-targets file that cannot be imported; `problems` names each mistake by its path. */
export class CatalogFileError extends Error {
  override readonly name = 'CatalogFileError';

  constructor(
    readonly fileName: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`${fileName}:\n${problems.map((problem) => `  ${problem}`).join('\n')}`, options);
  }
}
