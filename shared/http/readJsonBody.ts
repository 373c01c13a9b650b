import type { HttpRequest } from '@azure/functions';
import { ValidationError } from '../app/api/RequestErrors.js';

/** The largest body the API reads: schedules and overrides are small. */
const MAX_BODY_BYTES = 64 * 1024;

/** The request's JSON body, or a 400 that says what is wrong with it. An empty body is `{}`. */
export async function readJsonBody(request: HttpRequest): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new ValidationError([{ field: 'body', message: `is larger than ${MAX_BODY_BYTES / 1024} KiB` }]);
  if (text.trim() === '') return {};
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    return body;
  } catch {
    throw new ValidationError([
      {
        field: 'body',
        value: text.length > 100 ? `${text.slice(0, 100)}…` : text,
        message: 'must be a JSON object',
      },
    ]);
  }
}
