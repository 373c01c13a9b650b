import type { HttpRequest } from '@azure/functions';
import { ValidationError } from '../app/problems/RequestErrors.js';

/** A route parameter, URL-decoded once (target names such as `tag:<subscription>/<group>/<cluster>` hold slashes). */
export function routeParameter(request: HttpRequest, name: string): string {
  const raw = request.params[name];
  if (raw === undefined || raw === '')
    throw new ValidationError([{ field: name, message: 'is missing from the path' }]);
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ValidationError([{ field: name, value: raw, message: 'is not valid URL encoding' }]);
  }
}
