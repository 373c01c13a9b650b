import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/azuriteGlobalSetup.ts'],
    // Generous limits: CI machines are shared and slow at times; no test asserts a duration.
    testTimeout: 30_000,
    hookTimeout: 60_000,
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
