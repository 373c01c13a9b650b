import type { PipelinePolicy, PipelineResponse } from '@azure/core-rest-pipeline';
import { ArmThrottledError } from './ArmThrottledError.js';

/**
 * The SDK's retry policy sleeps for any `Retry-After` (Compute documents 1200 s), however long: past
 * the host's function timeout. Placed after the retry policy, this policy lets short waits through
 * to it and turns longer ones, and Resource Graph's 429 that carries only quota headers, into an
 * `ArmThrottledError` the caller can hand back (docs/architecture.md, Throttling).
 */
export function boundedThrottlingPolicy(maxRetryAfterMs: number): PipelinePolicy {
  return {
    name: 'offhoursBoundedThrottling',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status !== 429 && response.status !== 503) return response;
      const retryAfter = retryAfterMsOf(response);
      if (retryAfter !== undefined && retryAfter <= maxRetryAfterMs) return response;
      const quotaResetMs = quotaResetMsOf(response);
      if (retryAfter === undefined && quotaResetMs === undefined) return response;
      const { code, message } = errorOf(response);
      throw new ArmThrottledError(
        retryAfter ?? quotaResetMs ?? 0,
        code,
        `${message} (asked to wait ${Math.ceil((retryAfter ?? quotaResetMs ?? 0) / 1000)} s)`,
        { statusCode: response.status },
      );
    },
  };
}

/** `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or an HTTP date), as the SDK reads them. */
export function retryAfterMsOf(response: PipelineResponse): number | undefined {
  for (const header of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(response.headers.get(header));
    if (response.headers.get(header) && Number.isFinite(value)) return value;
  }
  const retryAfter = response.headers.get('retry-after');
  if (!retryAfter) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Resource Graph: `x-ms-user-quota-remaining: 0` with `x-ms-user-quota-resets-after: hh:mm:ss`. */
export function quotaResetMsOf(response: Pick<PipelineResponse, 'headers'>): number | undefined {
  const resetsAfter = response.headers.get('x-ms-user-quota-resets-after');
  const match = resetsAfter ? /^(\d+):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(resetsAfter.trim()) : null;
  if (!match) return undefined;
  const fraction = match[4] ? Number(`0.${match[4]}`) : 0;
  return Math.ceil(((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3]) + fraction) * 1000);
}

/** Resource Graph: the queries left in the current window (`x-ms-user-quota-remaining`), when it says. */
export function quotaRemainingOf(response: Pick<PipelineResponse, 'headers'>): number | undefined {
  const header = response.headers.get('x-ms-user-quota-remaining');
  const remaining = Number(header);
  return header && Number.isFinite(remaining) ? remaining : undefined;
}

function errorOf(response: PipelineResponse): { code: string; message: string } {
  try {
    const body = JSON.parse(response.bodyAsText ?? '') as { error?: { code?: string; message?: string } };
    return {
      code: body.error?.code ?? 'TooManyRequests',
      message: body.error?.message ?? `HTTP ${response.status}`,
    };
  } catch {
    return { code: 'TooManyRequests', message: `HTTP ${response.status}` };
  }
}
