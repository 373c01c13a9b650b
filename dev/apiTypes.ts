import { fileURLToPath } from 'node:url';
import { OPEN_API_DOCUMENT } from '../shared/http/openApiDocument.js';

/** The part of JSON Schema the OpenAPI document uses. */
interface JsonSchema {
  $ref?: string;
  const?: unknown;
  type?: string | string[];
  enum?: readonly unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  oneOf?: readonly JsonSchema[];
  anyOf?: readonly JsonSchema[];
  description?: string;
}

interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function typeOf(schema: JsonSchema, indent: string): string {
  if (schema.$ref) return schema.$ref.split('/').pop() ?? 'unknown';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const union = schema.oneOf ?? schema.anyOf;
  if (union) return union.map((member) => typeOf(member, indent)).join(' | ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return schema.properties ? objectType(schema, indent) : 'unknown';
  return types
    .map((type) => {
      switch (type) {
        case 'string':
          return 'string';
        case 'integer':
        case 'number':
          return 'number';
        case 'boolean':
          return 'boolean';
        case 'null':
          return 'null';
        case 'array': {
          const item = typeOf(schema.items ?? {}, indent);
          return /[ |]/.test(item) ? `(${item})[]` : `${item}[]`;
        }
        default:
          return objectType(schema, indent);
      }
    })
    .join(' | ');
}

function objectType(schema: JsonSchema, indent: string): string {
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) return 'Record<string, unknown>';
  const inner = `${indent}  `;
  const lines = entries.map(([name, property]) => {
    const optional = schema.required?.includes(name) ? '' : '?';
    const comment = property.description
      ? `${inner}/** ${property.description.replace(/\*\//g, '* /')} */\n`
      : '';
    return `${comment}${inner}${/^\w+$/.test(name) ? name : JSON.stringify(name)}${optional}: ${typeOf(property, inner)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

const jsonSchemaOf = (content: Record<string, { schema: JsonSchema }> | undefined) =>
  content?.['application/json']?.schema;

/**
 * web/apiTypes.ts: TypeScript types for the status page, generated from the OpenAPI document the API
 * serves, so that the page and the API cannot drift apart unnoticed (a test checks the file).
 */
export function renderApiTypes(): string {
  const lines = [
    '// Generated from the HTTP contract (shared/contract, via shared/http/openApiDocument.ts) by `npm run docs:api` (dev/apiTypes.ts); do not edit by hand.',
    '',
  ];
  const schemas = OPEN_API_DOCUMENT.components.schemas as Record<string, JsonSchema>;
  for (const [name, schema] of Object.entries(schemas)) {
    if (schema.description) lines.push(`/** ${schema.description} */`);
    lines.push(`export type ${name} = ${typeOf(schema, '')};`, '');
  }
  for (const operations of Object.values(OPEN_API_DOCUMENT.paths)) {
    for (const operation of Object.values(operations as Record<string, Operation>)) {
      const base = capitalised(operation.operationId);
      const request = jsonSchemaOf(operation.requestBody?.content);
      if (request) lines.push(`export type ${base}Request = ${typeOf(request, '')};`, '');
      const answer = jsonSchemaOf((operation.responses['200'] ?? operation.responses['201'])?.content);
      if (answer) lines.push(`export type ${base}Response = ${typeOf(answer, '')};`, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export const API_TYPES_FILE = fileURLToPath(new URL('../../web/apiTypes.ts', import.meta.url));
