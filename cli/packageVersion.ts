import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version in this package's package.json, found by walking up from this file: it sits one
 * level up from the sources (cli/) and two from the build (dist/cli/).
 */
export function packageVersion(): string {
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    const file = join(folder, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'aks-offhours' && manifest.version) return manifest.version;
    }
    if (dirname(folder) === folder) return 'unknown';
  }
}
