/** A value's type in words, with its article ("a number", "an object"), for messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  switch (typeof value) {
    case 'boolean':
      return 'a true/false value';
    case 'number':
      return 'a number';
    case 'string':
      return 'text';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}
