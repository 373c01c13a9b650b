import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
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

  it('uses bicep from PATH when there is no .NET SDK', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'offhours-path-'));
    await writeFile(join(bin, 'bicep'), '#!/bin/sh\necho "Bicep CLI version 0.49.2 (test)"\n');
    await chmod(join(bin, 'bicep'), 0o755);
    process.env = { ...saved, PATH: bin };
    const compiler = await findBicepCompiler(await mkdtemp(join(tmpdir(), 'offhours-no-project-')));
    expect(compiler).toEqual({ executable: 'bicep', source: 'bicep on PATH', version: '0.49.2' });
  });
});
