/**
 * Freezes a value and everything reachable from it, so a value shared between callers (a cached
 * read) cannot be changed by one of them: in strict mode a write throws instead of leaking.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return value;
}
