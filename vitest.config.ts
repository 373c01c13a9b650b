import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/azuriteGlobalSetup.ts'],
    // Generous limits: CI machines are shared and slow at times; no test asserts a duration.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two files at once even on 2 cores (vitest's default there is one): the suite waits on Azurite,
    // the fake ARM and Chromium about as much as it computes, so the run takes about 30 % less.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Fail the run on a left-behind `.only`.
    allowOnly: false,
    // `npm test` prints how much of the app's code the suite runs (`--coverage`); no threshold.
    coverage: {
      provider: 'v8',
      include: ['shared/**/*.ts', 'functions/**/*.ts', 'cli/**/*.ts', 'web/**/*.tsx', 'web/**/*.ts'],
      reporter: ['text-summary'],
    },
  },
});
