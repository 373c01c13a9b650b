import type { TokenCredential } from '@azure/core-auth';

/** What the CLI would otherwise build itself; tests pass stand-ins (an identity that is signed out). */
export interface CliDependencies {
  /** The Azure identity for `plan` and `savings` (default: DefaultAzureCredential, i.e. your `az login`). */
  credential?: TokenCredential;
  /** The clock (default: the real one); tests set it to their fake world's. */
  now?: () => number;
}
