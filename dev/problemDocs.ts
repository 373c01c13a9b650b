import { PROBLEM_TYPES } from '../shared/app/problems/PROBLEM_TYPES.js';

/** docs/problems.md, generated from PROBLEM_TYPES: each problem type's code is its anchor. */
export function renderProblemDocs(): string {
  const lines = [
    '# Problem types',
    '',
    '<!-- Generated from shared/app/problems/PROBLEM_TYPES.ts by `npm run docs:api`; do not edit by hand. -->',
    '',
    "Every error of the HTTP API is an RFC 9457 problem details answer (`application/problem+json`) whose `type` is this page's address followed by `#` and one of the codes below. Clients branch on `type` (or its code); `detail` is for people and its words may change.",
    '',
    '| code | status | meaning |',
    '|---|---|---|',
  ];
  for (const [code, problem] of Object.entries(PROBLEM_TYPES))
    lines.push(
      `| <a id="${code}"></a>\`${code}\` | ${problem.status} ${problem.title} | ${problem.meaning} |`,
    );
  lines.push('');
  return lines.join('\n');
}
