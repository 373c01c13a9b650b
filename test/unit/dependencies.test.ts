import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

/** A range such as `>=22.0.0` or `>=22`: it leaves out Node.js 20, the Node of a fresh machine. */
function excludesNode20(range: string): boolean {
  return range.split('||').every((part) => /^\s*>=?\s*v?(2[1-9]|[3-9]\d)/.test(part));
}

it('every locked package supports Node.js 20 as well as 22, but for the one without such a release', async () => {
  const lock = JSON.parse(await readFile(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
    packages: Record<string, LockedPackage>;
  };
  const wantNode22 = Object.entries(lock.packages).flatMap(([path, locked]) => {
    const range = Array.isArray(locked.engines) ? undefined : locked.engines?.node;
    return range && excludesNode20(range) ? [`${path.replace(/^node_modules\//, '')}@${locked.version}`] : [];
  });
  // No release of @azure/arm-resourcegraph's current API declares Node.js 20; it runs there (the suite does).
  expect(wantNode22).toEqual(['@azure/arm-resourcegraph@5.0.0']);
});
