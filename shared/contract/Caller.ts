import { z } from 'zod';
import { named } from './CONTRACT.js';

/** The answer of GET /api/me: who the app takes the caller for. */
export const Caller = named(
  'Caller',
  z.strictObject({
    signedIn: z.boolean(),
    name: z.string().describe('the sign-in name, or `function key`'),
    roles: z.array(z.string()),
    appServiceAuthentication: z.boolean(),
    canChange: z.boolean(),
    whyNot: z.string().optional().describe('why changes would be refused'),
  }),
);
export type Caller = z.infer<typeof Caller>;
