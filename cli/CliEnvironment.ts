import type { SettingName } from '../shared/config.js';

/** The app's settings as the CLI finds them in its environment, passed in by `main.ts` so commands stay testable. */
export type CliEnvironment = Partial<Record<SettingName, string>>;
