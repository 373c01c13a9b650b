import { z } from 'zod';
import { PROBLEM_TYPES } from '../app/problems/PROBLEM_TYPES.js';
import { CONTRACT, NAMED_SCHEMAS } from '../contract/CONTRACT.js';
import { Problem } from '../contract/Problem.js';
import { ROUTES, type Route, type RouteAnswer } from '../contract/ROUTES.js';

/** The part of JSON Schema the document holds (what zod's JSON Schema output writes). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: readonly unknown[];
  format?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  oneOf?: readonly JsonSchema[];
  anyOf?: readonly JsonSchema[];
  allOf?: readonly JsonSchema[];
  description?: string;
  [keyword: string]: unknown;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  security?: [];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

const COMPONENT = '#/components/schemas/';

/**
 * Zod's JSON Schema, as OpenAPI 3.1 holds it: named schemas by reference, times as `date-time`
 * without zod's long pattern (the format says it), no `$schema`/`$id` inside components.
 */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const id = CONTRACT.get(schema)?.id;
  if (id) return { $ref: `${COMPONENT}${id}` };
  return tidy(
    z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', override: tidyKeywords }),
  );
}

function tidyKeywords(context: { jsonSchema: Record<string, unknown> }): void {
  const schema = context.jsonSchema;
  if (schema['format'] === 'date-time' || schema['format'] === 'date') delete schema['pattern'];
  // z.number().int() bounds an integer by JavaScript's safe range: no bound a client needs to read.
  if (schema['minimum'] === Number.MIN_SAFE_INTEGER) delete schema['minimum'];
  if (schema['maximum'] === Number.MAX_SAFE_INTEGER) delete schema['maximum'];
}

function tidy(schema: Record<string, unknown>): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest as JsonSchema;
}

/** Each status's meaning: the problem types that answer with it (PROBLEM_TYPES, the one mapping). */
const STATUS_TEXT: Record<number, string> = Object.fromEntries(
  [...new Set(Object.values(PROBLEM_TYPES).map((problem) => problem.status))].map((status) => [
    status,
    Object.entries(PROBLEM_TYPES)
      .filter(([, problem]) => problem.status === status)
      .map(([code, problem]) => `\`${code}\`: ${problem.meaning}`)
      .join('; '),
  ]),
);

function answerOf(answer: RouteAnswer) {
  const described = {
    description: answer.description,
    ...(answer.headers ? { headers: headersOf(answer.headers) } : {}),
  };
  if ('json' in answer)
    return { ...described, content: { 'application/json': { schema: jsonSchemaOf(answer.json) } } };
  if ('html' in answer) return { ...described, content: { 'text/html': { schema: { type: 'string' } } } };
  return described;
}

function headersOf(headers: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
  );
}

function parametersOf(route: Route): OpenApiParameter[] {
  const path = Object.entries(route.pathParameters ?? {}).map(([name, description]): OpenApiParameter => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: route.pathEnums?.[name] ? { type: 'string', enum: route.pathEnums[name] } : { type: 'string' },
  }));
  const query = Object.entries(route.query?.shape ?? {}).map(([name, field]): OpenApiParameter => {
    const { description, ...schema } = jsonSchemaOf(field as z.ZodType);
    return {
      name,
      in: 'query',
      required: !(field as z.ZodType).safeParse(undefined).success,
      ...(description !== undefined ? { description } : {}),
      schema,
    };
  });
  const headers = (route.headers ?? []).map((header): OpenApiParameter => ({
    ...header,
    in: 'header',
    required: false,
    schema: { type: 'string' },
  }));
  return [...path, ...query, ...headers];
}

function operationOf(route: Route): OpenApiOperation {
  const parameters = parametersOf(route);
  const problem = { schema: jsonSchemaOf(Problem) };
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.open ? { security: [] as [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: route.body.required,
            content: {
              [route.body.form ? 'application/x-www-form-urlencoded' : 'application/json']: {
                schema: jsonSchemaOf(route.body.schema),
              },
            },
          },
        }
      : {}),
    responses: Object.fromEntries([
      ...Object.entries(route.answers).map(([status, answer]) => [status, answerOf(answer)]),
      ...(route.problems ?? []).map((status) => [
        String(status),
        { description: STATUS_TEXT[status] ?? '', content: { 'application/problem+json': problem } },
      ]),
    ]),
  };
}

function pathsOf(routes: readonly Route[]): Record<string, Record<string, OpenApiOperation>> {
  const paths: Record<string, Record<string, OpenApiOperation>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operationOf(route);
  return paths;
}

function componentsOf(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(CONTRACT, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `${COMPONENT}${id}`,
    override: tidyKeywords,
  });
  // Zod writes a registered schema's id but not its description: put it first, as people read it.
  const descriptions = new Map(
    NAMED_SCHEMAS.map((schema) => [CONTRACT.get(schema)?.id, CONTRACT.get(schema)?.description]),
  );
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const description = descriptions.get(id);
      return [id, { ...(description !== undefined ? { description } : {}), ...tidy(schema) }];
    }),
  );
}

/**
 * OpenAPI 3.1 description of the HTTP API, served at /api/openapi.json: generated from the contract
 * (shared/contract: its named schemas and ROUTES), so that the document, the handlers' parsing and
 * the tests' check of every answer are the same schemas (docs/architecture.md, "The HTTP contract").
 */
export const OPEN_API_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'AKS Off-Hours',
    version: '0.1.0',
    description:
      'Overrides, start and stop now, schedules, status, previews and the audit trail. Every route needs a function key (`?code=` or `x-functions-key`), except the one-click links of notices, whose signed token is the authorisation.',
  },
  servers: [{ url: '/api' }],
  security: [{ functionKey: [] }],
  paths: pathsOf(ROUTES),
  components: {
    securitySchemes: { functionKey: { type: 'apiKey', in: 'header', name: 'x-functions-key' } },
    schemas: componentsOf(),
  },
};
