import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../dev/functionRegistry.js';
import { PROBLEM_TYPES } from '../../../shared/app/problems/PROBLEM_TYPES.js';
import { NAME_LENGTH } from '../../../shared/app/schedules/ScheduleTable.js';
import { OVERRIDE_KINDS } from '../../../shared/domain/Override.js';
import { ROUTES } from '../../../shared/contract/ROUTES.js';
import { OPEN_API_DOCUMENT, type JsonSchema } from '../../../shared/http/openApiDocument.js';
import { contractBreachOf, routeOf } from '../../helpers/contractCheck.js';

const schemas = OPEN_API_DOCUMENT.components.schemas;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Every `$ref` anywhere under a value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

/** The registered HTTP functions' routes as `METHOD /path`, with the start|stop constraint spelled out. */
function servedRoutes(): string[] {
  return FUNCTIONS.flatMap((definition) =>
    definition.trigger === 'http'
      ? (definition.options.methods ?? []).flatMap((method) => {
          const route = `/${definition.options.route ?? definition.name}`;
          const constrained = /\{(\w+):regex\(\^\(([\w|]+)\)\$\)\}/.exec(route);
          return constrained
            ? (constrained[2] ?? '')
                .split('|')
                .map((value) => `${method} ${route.replace(constrained[0], value)}`)
            : [`${method} ${route}`];
        })
      : [],
  );
}

describe('the OpenAPI document generated from the contract', () => {
  it('is OpenAPI 3.1 in shape: operations with ids and responses, path parameters as in the template', () => {
    expect(OPEN_API_DOCUMENT.openapi).toBe('3.1.0');
    const ids = new Set<string>();
    for (const [path, operations] of Object.entries(OPEN_API_DOCUMENT.paths)) {
      expect(path).toMatch(/^\//);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      for (const [method, operation] of Object.entries(operations)) {
        expect(METHODS).toContain(method);
        expect(ids.has(operation.operationId), operation.operationId).toBe(false);
        ids.add(operation.operationId);
        expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
        for (const status of Object.keys(operation.responses)) expect(status).toMatch(/^[1-5]\d\d$/);
        const inPath = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
        expect(inPath.map((parameter) => parameter.name).sort()).toEqual(templated);
        expect(inPath.every((parameter) => parameter.required)).toBe(true);
      }
    }
  });

  it('refers only to schemas it holds, and holds no schema nothing refers to', () => {
    const refs = new Set(refsIn(OPEN_API_DOCUMENT));
    for (const ref of refs) expect(Object.keys(schemas)).toContain(ref.replace('#/components/schemas/', ''));
    for (const name of Object.keys(schemas)) expect(refs).toContain(`#/components/schemas/${name}`);
    expect(JSON.stringify(OPEN_API_DOCUMENT)).not.toMatch(/"\$(schema|id|defs)"/);
  });

  it('has an operation for every registered HTTP route, and a registered route for every operation', () => {
    const documented = Object.entries(OPEN_API_DOCUMENT.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(servedRoutes().sort());
  });

  it('answers every problem status with problem details whose type is one of PROBLEM_TYPES', () => {
    const statuses = new Set(Object.values(PROBLEM_TYPES).map((problem) => problem.status));
    for (const route of ROUTES) for (const status of route.problems ?? []) expect(statuses).toContain(status);
    expect((schemas['Problem']?.properties?.['type'] as JsonSchema).enum).toHaveLength(
      Object.keys(PROBLEM_TYPES).length,
    );
  });

  it('states what the server holds to: the domain’s override kinds, required fields, length limits', () => {
    const property = (schema: string, name: string) => schemas[schema]?.properties?.[name] as JsonSchema;
    expect(property('OverrideRequest', 'kind').enum).toEqual(OVERRIDE_KINDS);
    expect(property('Override', 'kind').enum).toEqual(OVERRIDE_KINDS);
    expect(schemas['OverrideResult']?.required).toEqual(['target', 'outcome']);
    expect(property('OverrideRequest', 'reason').maxLength).toBe(1000);
    expect(property('ScheduleRequest', 'uptime').maxLength).toBe(2000);
    expect(property('ScheduleRequest', 'timeZone').maxLength).toBe(100);
    expect(property('TargetRequest', 'schedule').maxLength).toBe(NAME_LENGTH);
    expect(property('Decision', 'rule').enum).toContain('operation-in-flight');
    // The tick's log line is the app's own: the decision answered names no target or resource.
    expect(Object.keys(schemas['Decision']?.properties ?? {})).not.toContain('resourceId');
  });
});

describe('the check of answers against the contract (test/helpers/contractCheck.ts)', () => {
  const target = { name: 'dev', resourceId: '/subscriptions/x', source: 'row', problems: [] };
  const result = { target, outcome: { enqueued: false, message: 'nothing will happen now' } };

  it('finds the route of a request as the host does, cases folded', () => {
    expect(routeOf('POST', 'targets/dev/Start')?.operationId).toBe('startNow');
    expect(routeOf('GET', '/api/targets/a%2Fb/preview?action=start')?.operationId).toBe('previewAction');
    expect(routeOf('PATCH', 'targets/dev')).toBeUndefined();
  });

  it('passes an answer as documented, and names what is wrong in one that is not', () => {
    expect(contractBreachOf('POST', 'targets/dev/override', 200, result)).toBeUndefined();
    expect(contractBreachOf('POST', 'targets/dev/override', 200, { target })).toMatch(/outcome/);
    expect(
      contractBreachOf('POST', 'targets/dev/override', 200, { ...result, decision: { action: 'start' } }),
    ).toMatch(/decision/);
    expect(contractBreachOf('POST', 'targets/dev/override', 200, { ...result, extra: 1 })).toMatch(/extra/);
    expect(contractBreachOf('POST', 'targets/dev/override', 202, result)).toMatch(/does not document/);
    expect(contractBreachOf('POST', 'targets/dev/start', 202, result)).toBeUndefined();
    expect(contractBreachOf('GET', 'nowhere', 200, {})).toMatch(/no route/);
    // Errors are problem details, checked where they are asserted (by code), not here.
    expect(contractBreachOf('GET', 'targets/dev', 404, { anything: true })).toBeUndefined();
  });
});
