import type { HttpRequest } from '@azure/functions';
import {
  ContentTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../app/api/RequestErrors.js';
import { findDuplicateKey } from './findDuplicateKey.js';

/** The largest body the API reads: schedules, registrations and overrides are small. */
export const MAX_BODY_BYTES = 64 * 1024;

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * The request's JSON body, or a problem that says what is wrong with it: 415 for a body that is not
 * `application/json`, 413 for one over 64 KiB (read no further), 400 for text that is not one JSON
 * object or names a key twice. An empty body is `{}`.
 */
export async function readJsonBody(request: HttpRequest): Promise<unknown> {
  const declaredLength = Number(request.headers.get('content-length') ?? '0');
  if (declaredLength > MAX_BODY_BYTES) throw tooLarge(declaredLength);
  const text = await readText(request);
  if (text.trim() === '') return {};
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!JSON_MEDIA_TYPE.test(mediaType))
    throw new UnsupportedMediaTypeError(
      `the body must be JSON, sent with Content-Type: application/json${mediaType ? `, not ${mediaType}` : ' (none was given)'}`,
    );
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ValidationError([{ field: 'body', value: shorten(text), message: 'must be a JSON object' }], {
      cause: error,
    });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ValidationError([{ field: 'body', value: shorten(text), message: 'must be a JSON object' }]);
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined)
    throw new ValidationError([
      { field: duplicate, message: 'is given twice; give each field once, so that none is silently ignored' },
    ]);
  return body;
}

/** The body as text, reading no more than the limit allows. */
async function readText(request: HttpRequest): Promise<string> {
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

function shorten(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
