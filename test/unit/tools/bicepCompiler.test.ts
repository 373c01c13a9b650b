import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BicepCompilerNotFoundError } from '../../../tools/BicepCompilerNotFoundError.js';
import { findBicepCompiler } from '../../../tools/bicepCompiler.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('finding the Bicep compiler', () => {
  it('fails, naming every place it looked, when there is no compiler: check:infra never passes unchecked', async () => {
    process.env = { ...saved, PATH: await mkdtemp(join(tmpdir(), 'offhours-empty-path-')) };
    const nowhere = await mkdtemp(join(tmpdir(), 'offhours-no-project-'));
    const found = findBicepCompiler(nowhere);
    await expect(found).rejects.toThrow(BicepCompilerNotFoundError);
    await expect(found).rejects.toThrow(/bicep on PATH: .*az bicep: /);
  });
});
