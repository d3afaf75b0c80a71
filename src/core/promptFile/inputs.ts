// Turns `input:` into the JSON Schema, the defaults and the list of declared variables with their ranges.
import { optionalVariant, validationInput, validatorFor } from './ajvCache';
import { diag } from './diagnosticCodes';
import type { Diagnostic, InputVariable, Range } from './model';
import { isJsonSchema, parsePicoKey, picoschemaToJsonSchema, type JsonSchema } from './picoschema';
import { isRecord } from './testSpecs';
import type { NodeInfo } from './yamlFrontmatter';
import type { NodeIndex, NodeRef } from './yamlIndex';

export interface InputsResult {
  readonly schema?: JsonSchema;
  readonly defaults: Record<string, unknown>;
  readonly inputs: InputVariable[];
  readonly diagnostics: Diagnostic[];
}

/** Reads `input.schema` (Picoschema or JSON Schema) and `input.default`. */
export function readInputs(data: Record<string, unknown> | null, nodes: NodeIndex, fallback: Range): InputsResult {
  const input = isRecord(data?.input) ? data.input : undefined;
  const defaults = isRecord(input?.default) ? input.default : {};
  const diagnostics: Diagnostic[] = [];
  if (!input || input.schema === undefined || input.schema === null) return { defaults, inputs: [], diagnostics };
  const converted = picoschemaToJsonSchema(input.schema);
  const inputRef = nodes.child(nodes.root, 'input');
  const schemaRef = nodes.child(inputRef, 'schema');
  for (const p of converted.problems) {
    const info = locate(nodes, schemaRef, p.path);
    diagnostics.push(diag('PO1020', info?.keyRange ?? info?.valueRange ?? fallback, `Picoschema: ${p.message}.`));
  }
  const inputs: InputVariable[] = [];
  if (isRecord(input.schema) && isJsonSchema(input.schema)) {
    const props = isRecord(input.schema.properties) ? input.schema.properties : {};
    const required = Array.isArray(input.schema.required) ? input.schema.required : [];
    const propsRef = nodes.child(schemaRef, 'properties');
    for (const [name, prop] of Object.entries(props)) {
      const p = isRecord(prop) ? prop : {};
      inputs.push(variable(name, typeName(p.type), typeof p.description === 'string' ? p.description : undefined,
        !required.includes(name), defaults, nodes.info(nodes.child(propsRef, name))?.keyRange ?? fallback));
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
      inputs.push(variable(k.name, type, description, k.optional, defaults, nodes.info(nodes.child(schemaRef, key))?.keyRange ?? fallback));
    }
  }
  if (converted.schema) checkSchemaAndDefaults(converted.schema, defaults, nodes, inputRef, fallback, diagnostics);
  return converted.schema ? { schema: converted.schema, defaults, inputs, diagnostics } : { defaults, inputs, diagnostics };
}

/** PO1021 when Ajv cannot compile the schema; PO1022 for each default the schema rejects. */
function checkSchemaAndDefaults(schema: JsonSchema, defaults: Record<string, unknown>, nodes: NodeIndex, inputRef: NodeRef,
  fallback: Range, out: Diagnostic[]): void {
  const schemaInfo = nodes.info(nodes.child(inputRef, 'schema'));
  const compiled = validatorFor(schema);
  if (compiled instanceof Error) {
    out.push(diag('PO1021', schemaInfo?.keyRange ?? fallback, `\`input.schema\` is not a valid JSON Schema: ${compiled.message.split('\n')[0]}. Correct that keyword.`));
    return;
  }
  if (Object.keys(defaults).length === 0) return;
  // Defaults need not cover the required inputs, so `required` is left out of this check.
  const validate = optionalVariant(compiled);
  if (validate instanceof Error || validate(validationInput(validate, defaults))) return;
  const defaultRef = nodes.child(inputRef, 'default');
  for (const err of validate.errors ?? []) {
    const params = err.params as { additionalProperty?: string };
    const name = params.additionalProperty ?? err.instancePath.split('/')[1] ?? '';
    const info = nodes.info(nodes.child(defaultRef, name));
    const range = (params.additionalProperty ? info?.keyRange : info?.valueRange) ?? nodes.info(defaultRef)?.keyRange ?? fallback;
    out.push(diag('PO1022', range, params.additionalProperty
      ? `\`input.default\` sets '${name}', which \`input.schema\` does not declare. Declare it or remove the default.`
      : `The default for '${name}' ${err.message ?? 'is invalid'}. Change it so \`input.schema\` accepts it.`, { variable: name }));
  }
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

/** The node of a key path below a base node, falling back to the deepest ancestor found. */
export function locate(nodes: NodeIndex, base: NodeRef, path: readonly (string | number)[]): NodeInfo | undefined {
  let best = nodes.info(base);
  let current = base;
  for (const seg of path) {
    current = nodes.child(current, seg);
    const found = nodes.info(current);
    if (!found) break;
    best = found;
  }
  return best;
}
