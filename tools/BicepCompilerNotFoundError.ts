/** The Bicep compiler could not be found or restored: nothing was checked. */
export class BicepCompilerNotFoundError extends Error {
  constructor(tried: string[], options?: ErrorOptions) {
    super(
      `no Bicep compiler: ${tried.join('; ')}. Install the .NET SDK (the compiler is restored from NuGet), or the Bicep CLI, or the Azure CLI (az bicep install).`,
      options,
    );
    this.name = 'BicepCompilerNotFoundError';
  }
}
