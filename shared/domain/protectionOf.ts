/** A tag (name and value) that marks resources never to be stopped, e.g. environment=prod. */
export interface ProtectedTag {
  name: string;
  value: string;
}

/**
 * Why a resource is protected from being stopped, or undefined when it is not: it, or the cluster a
 * node pool belongs to, carries one of the protected tags (names and values compared
 * case-insensitively, values trimmed). `tagsOf` lists the resource's own tags first, then its cluster's.
 */
export function protectionOf(
  tagsOf: readonly { of: string; tags: Readonly<Record<string, string>> | undefined }[],
  protectedTags: readonly ProtectedTag[],
): string | undefined {
  for (const { of, tags } of tagsOf) {
    for (const [name, value] of Object.entries(tags ?? {})) {
      const match = protectedTags.find(
        (tag) =>
          tag.name.trim().toLowerCase() === name.trim().toLowerCase() &&
          tag.value.trim().toLowerCase() === String(value).trim().toLowerCase(),
      );
      if (match)
        return `${of} carries the protected tag ${name}=${value} (OFFHOURS_PROTECTED_TAGS); it is never stopped`;
    }
  }
  return undefined;
}
