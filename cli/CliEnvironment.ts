/** The environment variables the CLI reads, passed in by `main.ts` so commands stay testable. */
export interface CliEnvironment {
  AzureWebJobsStorage?: string;
  AzureWebJobsStorage__accountName?: string;
  AzureWebJobsStorage__tableServiceUri?: string;
  AzureWebJobsStorage__queueServiceUri?: string;
}
