import type { HttpRequest } from '@azure/functions';
import { ContentTooLargeError } from '../app/problems/RequestErrors.js';

/** The largest body any route reads: schedules, registrations, overrides and link forms are small. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The body as text, reading no more than MAX_BODY_BYTES (413 beyond, read no further). */
export async function readBodyText(request: HttpRequest): Promise<string> {
  const declaredLength = Number(request.headers.get('content-length') ?? '0');
  if (declaredLength > MAX_BODY_BYTES) throw tooLarge(declaredLength);
  if (!request.body) return request.text();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge(size);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(bytes: number): ContentTooLargeError {
  return new ContentTooLargeError(
    `the body is larger than ${MAX_BODY_BYTES / 1024} KiB (at least ${bytes} bytes), the most this API reads`,
  );
}
