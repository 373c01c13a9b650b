/** Status, code and message of an error from an Azure SDK call, whatever its shape. */
export interface ArmErrorDetails {
  status: number | undefined;
  code: string;
  message: string;
}

/**
 * How the SDK's long-running-operation poller words a failed operation: it keeps Azure's code and
 * message only inside this sentence (and offers no hook on its polling responses to read them).
 */
const FAILED_OPERATION = /^The long-running operation has failed\. ([^\s.]+)\. ([\s\S]*)$/;

export function armErrorOf(error: unknown): ArmErrorDetails {
  const failed = error instanceof Error ? FAILED_OPERATION.exec(error.message) : null;
  if (failed) return { status: undefined, code: failed[1] ?? 'Unknown', message: failed[2] ?? '' };
  const candidate = error as
    | {
        statusCode?: number;
        code?: string;
        message?: string;
        details?: { error?: { code?: string; message?: string } };
      }
    | undefined;
  const inner = candidate?.details?.error;
  return {
    status: candidate?.statusCode,
    code: inner?.code ?? candidate?.code ?? 'Unknown',
    message: (inner?.message ?? candidate?.message ?? String(error)).split('\n')[0] ?? '',
  };
}
