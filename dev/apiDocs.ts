import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { OPEN_API_DOCUMENT } from '../shared/http/openApiDocument.js';
import { API_TYPES_FILE, renderApiTypes } from './apiTypes.js';
import { renderProblemDocs } from './problemDocs.js';

interface Operation {
  summary: string;
  parameters?: readonly { name: string; in: string; required: boolean; description?: string }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { description: string }>;
}

const schemaName = (ref: string | undefined) => ref?.split('/').pop() ?? 'object';

/** docs/api.md, generated from the OpenAPI document so that the two never disagree (a test checks it). */
export function renderApiDocs(): string {
  const lines = [
    '# HTTP API',
    '',
    '<!-- Generated from the HTTP contract (shared/contract, via shared/http/openApiDocument.ts) by `npm run docs:api`; do not edit by hand. -->',
    '',
    OPEN_API_DOCUMENT.info.description,
    '',
    'Base path: `/api`. Errors are RFC 9457 problem details (`application/problem+json`): `type` (which problem, listed in [problems.md](problems.md)), `title`, `status`, `detail`, and for 400 an `errors` list naming each field, its value and what would be valid. The machine-readable description is served at `GET /api/openapi.json`.',
    '',
  ];
  for (const [path, operations] of Object.entries(OPEN_API_DOCUMENT.paths)) {
    for (const [method, operation] of Object.entries(operations as Record<string, Operation>)) {
      lines.push(`## ${method.toUpperCase()} ${path}`, '', operation.summary, '');
      for (const parameter of operation.parameters ?? []) {
        lines.push(
          `- \`${parameter.name}\` (${parameter.in}${parameter.required ? ', required' : ''})${parameter.description ? `: ${parameter.description}` : ''}`,
        );
      }
      const body = operation.requestBody?.content['application/json']?.schema.$ref;
      if (body) lines.push(`- body: \`${schemaName(body)}\` (see Schemas)`);
      if ((operation.parameters ?? []).length > 0 || body) lines.push('');
      lines.push('| status | meaning |', '|---|---|');
      for (const [status, response] of Object.entries(operation.responses))
        lines.push(`| ${status} | ${response.description} |`);
      lines.push('');
    }
  }
  lines.push('## Schemas', '');
  for (const [name, schema] of Object.entries(OPEN_API_DOCUMENT.components.schemas)) {
    const properties = Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {});
    const required = ((schema as { required?: readonly string[] }).required ?? []) as readonly string[];
    lines.push(
      `- **${name}**: ${properties.map((property) => `\`${property}\`${required.includes(property) ? '*' : ''}`).join(', ')}`,
    );
  }
  lines.push('', '\\* required', '');
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(new URL('../../docs/api.md', import.meta.url), renderApiDocs());
  await writeFile(new URL('../../docs/problems.md', import.meta.url), renderProblemDocs());
  // The status page's types come from the same document (dev/apiTypes.ts).
  await writeFile(API_TYPES_FILE, renderApiTypes());
}
