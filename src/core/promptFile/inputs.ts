// Turns `input:` into the JSON Schema, the defaults and the list of declared variables with their ranges.
import { diag } from './diagnosticCodes';
import type { Diagnostic, InputVariable, Range } from './model';
import { isJsonSchema, parsePicoKey, picoschemaToJsonSchema, type JsonSchema } from './picoschema';
import { isRecord } from './testSpecs';
import type { NodeInfo } from './yamlFrontmatter';

export interface InputsResult {
  readonly schema?: JsonSchema;
  readonly defaults: Record<string, unknown>;
  readonly inputs: InputVariable[];
  readonly diagnostics: Diagnostic[];
}

/** Reads `input.schema` (Picoschema or JSON Schema) and `input.default`. */
export function readInputs(data: Record<string, unknown> | null, nodes: ReadonlyMap<string, NodeInfo>, fallback: Range): InputsResult {
  const input = isRecord(data?.input) ? data.input : undefined;
  const defaults = isRecord(input?.default) ? input.default : {};
  const diagnostics: Diagnostic[] = [];
  if (!input || input.schema === undefined || input.schema === null) return { defaults, inputs: [], diagnostics };
  const converted = picoschemaToJsonSchema(input.schema);
  for (const p of converted.problems) {
    const info = locate(nodes, 'input.schema', p.path);
    diagnostics.push(diag('PO1020', info?.keyRange ?? info?.valueRange ?? fallback, `Picoschema: ${p.message}.`));
  }
  const inputs: InputVariable[] = [];
  if (isRecord(input.schema) && isJsonSchema(input.schema)) {
    const props = isRecord(input.schema.properties) ? input.schema.properties : {};
    const required = Array.isArray(input.schema.required) ? input.schema.required : [];
    for (const [name, prop] of Object.entries(props)) {
      const p = isRecord(prop) ? prop : {};
      inputs.push(variable(name, typeName(p.type), typeof p.description === 'string' ? p.description : undefined,
        !required.includes(name), defaults, nodes.get(`input.schema.properties.${name}`)?.keyRange ?? fallback));
    }
  } else if (isRecord(input.schema)) {
    for (const [key, value] of Object.entries(input.schema)) {
      if (key === '(*)') continue;
      const k = parsePicoKey(key);
      let type = k.type;
      let description = k.description;
      if (type === undefined && typeof value === 'string') {
        const comma = value.indexOf(',');
        type = comma < 0 ? value : value.slice(0, comma);
        description = comma < 0 ? undefined : value.slice(comma + 1).trim() || undefined;
      } else if (type === undefined && isRecord(value)) {
        type = 'object';
      }
      inputs.push(variable(k.name, type, description, k.optional, defaults, nodes.get(`input.schema.${key}`)?.keyRange ?? fallback));
    }
  }
  return converted.schema ? { schema: converted.schema, defaults, inputs, diagnostics } : { defaults, inputs, diagnostics };
}

function variable(name: string, type: string | undefined, description: string | undefined, optional: boolean,
  defaults: Record<string, unknown>, range: Range): InputVariable {
  const v: { -readonly [K in keyof InputVariable]: InputVariable[K] } = { name, optional, range };
  if (type !== undefined) v.type = type;
  if (description !== undefined) v.description = description;
  if (Object.prototype.hasOwnProperty.call(defaults, name)) v.default = defaults[name];
  return v;
}

function typeName(t: unknown): string | undefined {
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.filter((x) => typeof x === 'string').join(' | ') || undefined;
  return undefined;
}

/** The node of a key path below a base path, falling back to the deepest ancestor found. */
export function locate(nodes: ReadonlyMap<string, NodeInfo>, base: string, path: readonly (string | number)[]): NodeInfo | undefined {
  let best = nodes.get(base);
  let current = base;
  for (const seg of path) {
    current = typeof seg === 'number' ? `${current}[${seg}]` : current ? `${current}.${seg}` : seg;
    const found = nodes.get(current);
    if (!found) break;
    best = found;
  }
  return best;
}
