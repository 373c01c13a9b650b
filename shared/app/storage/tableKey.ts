/**
 * Table Storage forbids `/ \ # ?` and control characters in keys. They are percent-encoded (and `%`
 * itself), so keys stay readable in the portal and decode back exactly.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds
const FORBIDDEN_IN_KEY = /[%/\\#?\u0000-\u001f\u007f-\u009f]/g;

export function encodeTableKey(text: string): string {
  return text.replace(
    FORBIDDEN_IN_KEY,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

export function decodeTableKey(key: string): string {
  return key.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
