import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/azuriteGlobalSetup.ts'],
    // Fail the run on a left-behind `.only`.
    allowOnly: false,
  },
});
