import { z } from 'zod';

/** What a schema of the HTTP contract is known by: its id (the OpenAPI component) and what it means. */
export interface ContractMeta {
  id: string;
  description?: string;
}

/**
 * The HTTP contract's named schemas (docs/architecture.md, "The HTTP contract"): each becomes a
 * component of the OpenAPI document, a type of web/apiTypes.ts and a line of docs/api.md.
 */
export const CONTRACT = z.registry<ContractMeta>();

/** Every named schema, in the order named: the components of the OpenAPI document. */
export const NAMED_SCHEMAS: z.ZodType[] = [];

/** Registers `schema` under `id`, so that every other schema refers to it by name. */
export function named<Schema extends z.ZodType>(id: string, schema: Schema, description?: string): Schema {
  CONTRACT.add(schema, { id, ...(description !== undefined ? { description } : {}) });
  NAMED_SCHEMAS.push(schema);
  return schema;
}
