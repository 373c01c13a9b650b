import type { TokenCredential } from '@azure/core-auth';

/** What the CLI would otherwise build itself; tests pass stand-ins (an identity that is signed out). */
export interface CliDependencies {
  /** The Azure identity for `plan` (default: DefaultAzureCredential, i.e. your `az login`). */
  credential?: TokenCredential;
}
