// Picoschema → JSON Schema, synchronously and with a reason for every rejection. It follows Dotprompt's own
// converter (the conformance test compares the two on the documented forms); Dotprompt's is async, parse is not.

import { didYouMean } from './suggest';

const SCALARS = new Set(['any', 'boolean', 'integer', 'null', 'number', 'string']);
const WILDCARD = '(*)';
const MAX_DEPTH = 32;

export type JsonSchema = Record<string, unknown>;

export interface PicoschemaProblem {
  /** Key path inside the schema (`['address', 'city?']`), to locate the problem. */
  readonly path: readonly string[];
  readonly message: string;
}

export interface PicoschemaResult {
  readonly schema?: JsonSchema;
  readonly problems: readonly PicoschemaProblem[];
}

/** Converts a Picoschema (or passes through plain JSON Schema) like Dotprompt does; never throws. */
export function picoschemaToJsonSchema(schema: unknown): PicoschemaResult {
  const problems: PicoschemaProblem[] = [];
  if (schema === null || schema === undefined || schema === '') return { problems };
  if (typeof schema === 'string') {
    const [type, description] = splitDescription(schema);
    if (!SCALARS.has(type)) {
      problems.push({ path: [], message: `'${type}' is not a Picoschema type and PromptOps has no named schema '${type}'` });
      return { problems };
    }
    return { schema: description ? { type, description } : { type }, problems };
  }
  if (typeof schema !== 'object' || Array.isArray(schema)) {
    problems.push({ path: [], message: 'a schema must be a mapping (Picoschema or JSON Schema) or a type name' });
    return { problems };
  }
  const obj = schema as Record<string, unknown>;
  if (typeof obj.type === 'string' && (SCALARS.has(obj.type) || obj.type === 'object' || obj.type === 'array')) {
    return { schema: obj, problems };
  }
  if (obj.properties !== null && typeof obj.properties === 'object') return { schema: { ...obj, type: 'object' }, problems };
  const out = parsePico(obj, [], problems, 0);
  return problems.length > 0 ? { problems } : { schema: out, problems };
}

/** True when a schema value is plain JSON Schema rather than Picoschema (Dotprompt's detection rule). */
export function isJsonSchema(schema: unknown): boolean {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return false;
  const obj = schema as Record<string, unknown>;
  return (typeof obj.type === 'string' && (SCALARS.has(obj.type) || obj.type === 'object' || obj.type === 'array'))
    || (obj.properties !== null && typeof obj.properties === 'object');
}

/** A Picoschema key split into its parts: `tags?(array, the tags)` → name `tags`, optional, type `array`. */
export function parsePicoKey(key: string): { name: string; optional: boolean; type?: string; description?: string } {
  const paren = key.indexOf('(');
  const head = paren >= 0 ? key.slice(0, paren) : key;
  const optional = head.endsWith('?');
  const name = optional ? head.slice(0, -1) : head;
  if (paren < 0) return { name, optional };
  const [type, description] = splitDescription(key.slice(paren + 1, key.endsWith(')') ? -1 : undefined));
  return description ? { name, optional, type, description } : { name, optional, type };
}

function parsePico(value: unknown, path: string[], problems: PicoschemaProblem[], depth: number): JsonSchema {
  if (depth > MAX_DEPTH) {
    problems.push({ path, message: `the schema is nested more than ${MAX_DEPTH} levels deep` });
    return {};
  }
  if (typeof value === 'string') {
    const [type, description] = splitDescription(value);
    if (!SCALARS.has(type)) {
      const suggestion = didYouMean(type, [...SCALARS]);
      problems.push({ path, message: `'${type}' is not a Picoschema type (${suggestion ? `did you mean '${suggestion}'? ` : ''}use string, number, integer, boolean, null or any)` });
      return {};
    }
    if (type === 'any') return description ? { description } : {};
    return description ? { type, description } : { type };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ path, message: `a Picoschema field must be a type string or a mapping, not ${JSON.stringify(value) ?? String(value)}` });
    return {};
  }
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const schema: JsonSchema = { type: 'object', properties, required, additionalProperties: false };
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childPath = [...path, key];
    if (key === WILDCARD) {
      schema.additionalProperties = parsePico(child, childPath, problems, depth + 1);
      continue;
    }
    const { name, optional, type, description } = parsePicoKey(key);
    if (!optional) required.push(name);
    let prop: JsonSchema;
    if (type === undefined) {
      prop = { ...parsePico(child, childPath, problems, depth + 1) };
      if (optional && typeof prop.type === 'string') prop.type = [prop.type, 'null'];
    } else if (type === 'array') {
      prop = { type: optional ? ['array', 'null'] : 'array', items: parsePico(child, childPath, problems, depth + 1) };
    } else if (type === 'object') {
      prop = parsePico(child, childPath, problems, depth + 1);
      if (optional) prop.type = [prop.type, 'null'];
    } else if (type === 'enum') {
      if (!Array.isArray(child)) {
        problems.push({ path: childPath, message: 'an enum field needs a list of values, e.g. `[RED, GREEN]`' });
        continue;
      }
      const values: unknown[] = [...(child as unknown[])];
      if (optional && !values.includes(null)) values.push(null);
      prop = { enum: values };
    } else {
      problems.push({ path: childPath, message: `a parenthetical type must be object, array or enum, not '${type}'` });
      continue;
    }
    if (description) prop.description = description;
    properties[name] = prop;
  }
  if (required.length === 0) delete schema.required;
  return schema;
}

function splitDescription(input: string): [string, string | undefined] {
  const comma = input.indexOf(',');
  if (comma < 0) return [input, undefined];
  return [input.slice(0, comma), input.slice(comma + 1).replace(/^ */, '') || undefined];
}
