import type { HttpRequest } from '@azure/functions';
import {
  UnsupportedMediaTypeError,
  ValidationError,
  type FieldError,
} from '../app/problems/RequestErrors.js';
import { readBodyText } from './readBodyText.js';

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/**
 * An HTML form's fields, or a problem that says what is wrong with the body: 415 unless it is
 * `application/x-www-form-urlencoded` (no guessing from text/plain or nothing), 413 above the JSON
 * routes' limit (readBodyText), 400 for a field given twice (the first or the last would silently win)
 * or one not in `fields`.
 */
export async function readFormBody<Field extends string>(
  request: HttpRequest,
  fields: readonly Field[],
): Promise<Partial<Record<Field, string>>> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== FORM_MEDIA_TYPE)
    throw new UnsupportedMediaTypeError(
      `the body must be a form, sent with Content-Type: ${FORM_MEDIA_TYPE}${mediaType ? `, not ${mediaType}` : ' (none was given)'}`,
    );
  const form = new URLSearchParams(await readBodyText(request));
  const errors: FieldError[] = [];
  const values: Partial<Record<Field, string>> = {};
  for (const name of new Set(form.keys())) {
    if (!(fields as readonly string[]).includes(name))
      errors.push({
        field: name,
        message: `is not a field of this form; its fields are ${fields.join(', ')}`,
      });
    else if (form.getAll(name).length > 1)
      errors.push({
        field: name,
        message: 'is given twice; give each field once, so that none is silently ignored',
      });
    else values[name as Field] = form.get(name) ?? '';
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return values;
}
