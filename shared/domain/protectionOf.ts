import { normaliseText } from './normaliseText.js';

/** A tag (name and value) that marks resources never to be stopped, e.g. environment=prod. */
export interface ProtectedTag {
  name: string;
  value: string;
}

/**
 * A tag's name or value as a person reads it: compatibility forms folded (full-width `ｐｒｏｄ`),
 * invisible characters dropped (`prod` followed by a zero-width space), any case. The case folding
 * is Unicode's, wider than the ASCII-only folding of IDs, on purpose: more look-alikes match a
 * protected tag, and in doubt a resource is protected (docs/security.md, The production guard).
 */
const readAsPerson = (text: string) => normaliseText(text).toLowerCase();

/**
 * Why a resource is protected from being stopped, or undefined when it is not: it, or the cluster a
 * node pool belongs to, carries one of the protected tags (names and values compared as a person
 * reads them, above). `tagsOf` lists the resource's own tags first, then its cluster's.
 */
export function protectionOf(
  tagsOf: readonly { of: string; tags: Readonly<Record<string, string>> | undefined }[],
  protectedTags: readonly ProtectedTag[],
): string | undefined {
  const wanted = protectedTags.map((tag) => ({
    name: readAsPerson(tag.name),
    value: readAsPerson(tag.value),
  }));
  for (const { of, tags } of tagsOf) {
    for (const [name, value] of Object.entries(tags ?? {})) {
      const [readName, readValue] = [readAsPerson(name), readAsPerson(String(value))];
      if (wanted.some((tag) => tag.name === readName && tag.value === readValue))
        return `${of} carries the protected tag ${name}=${value} (OFFHOURS_PROTECTED_TAGS); it is never stopped`;
    }
  }
  return undefined;
}
