import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes in a file, or in every file below a folder. */
export async function sizeOf(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await sizeOf(join(path, entry));
  return total;
}
