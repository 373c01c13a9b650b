#!/usr/bin/env node
import { runCli } from './runCli.js';

const { AzureWebJobsStorage, AzureWebJobsStorage__accountName, AzureWebJobsStorage__tableServiceUri, AzureWebJobsStorage__queueServiceUri } = process.env;
process.exitCode = await runCli(
  process.argv.slice(2),
  { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  {
    ...(AzureWebJobsStorage ? { AzureWebJobsStorage } : {}),
    ...(AzureWebJobsStorage__accountName ? { AzureWebJobsStorage__accountName } : {}),
    ...(AzureWebJobsStorage__tableServiceUri ? { AzureWebJobsStorage__tableServiceUri } : {}),
    ...(AzureWebJobsStorage__queueServiceUri ? { AzureWebJobsStorage__queueServiceUri } : {}),
  },
);
