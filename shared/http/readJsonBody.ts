import type { HttpRequest } from '@azure/functions';
import { UnsupportedMediaTypeError, ValidationError } from '../app/problems/RequestErrors.js';
import { findDuplicateKey } from './findDuplicateKey.js';
import { readBodyText } from './readBodyText.js';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * The request's JSON body, or a problem that says what is wrong with it: 415 for a body that is not
 * `application/json`, 413 for one over 64 KiB (read no further), 400 for text that is not one JSON
 * object or names a key twice. An empty body is `{}`.
 */
export async function readJsonBody(request: HttpRequest): Promise<unknown> {
  const text = await readBodyText(request);
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

function shorten(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
