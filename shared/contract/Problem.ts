import { z } from 'zod';
import { PROBLEM_TYPES, type ProblemCode, problemTypeOf } from '../app/problems/PROBLEM_TYPES.js';
import { named } from './CONTRACT.js';

const PROBLEM_TYPE_URIS = (Object.keys(PROBLEM_TYPES) as ProblemCode[]).map(problemTypeOf);

/** RFC 9457 problem details, the answer of every error (shared/http/problemResponse.ts). */
export const Problem = named(
  'Problem',
  z.strictObject({
    type: z.enum(PROBLEM_TYPE_URIS as [string, ...string[]]),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(z.strictObject({ field: z.string(), value: z.unknown().optional(), message: z.string() }))
      .optional(),
  }),
  'RFC 9457 problem details; `type` names the problem (docs/problems.md): branch on it, not on `detail`',
);
export type Problem = z.infer<typeof Problem>;
