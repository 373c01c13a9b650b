const NO_IDENTITY = new Set(['AggregateAuthenticationError', 'CredentialUnavailableError']);
const SIGN_IN_FAILED = new Set(['AuthenticationError', 'AuthenticationRequiredError']);

function causesOf(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && chain.length < 10; current = current.cause)
    chain.push(current);
  return chain;
}

/**
 * One line for an Azure sign-in failure (from @azure/identity, possibly wrapped by our adapters), or
 * undefined for any other error. `DefaultAzureCredential` otherwise ends the CLI with a stack trace of
 * some hundred lines that hides the one thing to do: `az login`.
 */
export function azureSignInProblem(error: unknown, command: string): string | undefined {
  for (const cause of causesOf(error)) {
    if (NO_IDENTITY.has(cause.name))
      return `${command} could not sign in to Azure: no identity was found (run \`az login\`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for a service principal)`;
    if (SIGN_IN_FAILED.has(cause.name))
      return `${command} could not sign in to Azure: ${cause.message.split('\n')[0]?.trim()} (run \`az login\` again)`;
  }
  return undefined;
}
