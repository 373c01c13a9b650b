import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository: the nearest folder above `from` whose package.json is ours. Found, not assumed
 * two levels up, because this code runs both from dev/ (tests) and from dist/dev/ (npm scripts).
 */
export function repositoryRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'aks-offhours'
    )
      return dir;
  }
  throw new Error(`no aks-offhours package.json above ${from}`);
}
