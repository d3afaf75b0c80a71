// One Ajv instance for the prompt-file core, with compiled validators cached by schema text.
import Ajv, { type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, validateSchema: true });
const cache = new Map<string, ValidateFunction | Error>();
const MAX_CACHED = 200;

/** The validator of each schema object already seen, so a schema checked for many tests is not serialised each time. */
let byObject = new WeakMap<object, ValidateFunction | Error>();

/**
 * Forgets which schema objects were seen. Compiled validators stay cached by schema text, and so does what is derived
 * from a compiled validator alone (whether it writes defaults, its variant without `required`).
 */
export function clearValidatorIdentities(): void {
  byObject = new WeakMap();
}

/** Compiles (or reuses) a validator; an invalid schema comes back as an Error, never thrown. */
export function validatorFor(schema: Readonly<Record<string, unknown>>): ValidateFunction | Error {
  const known = byObject.get(schema);
  if (known) return known;
  const result = validatorForText(schema);
  byObject.set(schema, result);
  return result;
}

function validatorForText(schema: Readonly<Record<string, unknown>>): ValidateFunction | Error {
  let key: string;
  try {
    key = JSON.stringify(schema);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
  const hit = cache.get(key);
  if (hit) return hit;
  let result: ValidateFunction | Error;
  try {
    result = ajv.compile(structuredClone(schema) as Record<string, unknown>);
  } catch (e) {
    result = e instanceof Error ? e : new Error(String(e));
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return result;
}

/** Per validator: whether its schema has a `default` anywhere, the one keyword (useDefaults) that writes into the data. */
const writesDefaults = new WeakMap<ValidateFunction, boolean>();
/** Per validator: the validator of its schema without `required`. */
const optionalOf = new WeakMap<ValidateFunction, ValidateFunction | Error>();

/**
 * The validator of `validate`'s schema without its top-level `required` list (input defaults need not cover the
 * required inputs). Kept with `validate`, so a parse of a new version of the file does not serialise the schema again.
 */
export function optionalVariant(validate: ValidateFunction): ValidateFunction | Error {
  let optional = optionalOf.get(validate);
  if (optional === undefined) {
    const schema = validate.schema;
    if (schema === null || typeof schema !== 'object') return validate;
    const { required: _required, ...rest } = schema as Record<string, unknown>;
    optional = validatorForText(rest);
    optionalOf.set(validate, optional);
  }
  return optional;
}

/**
 * The layers merged as `{ ...a, ...b }` would merge them, as a fresh object `validate` may change: deep-copied only
 * when the schema has defaults to write in, since copying costs far more than checking.
 */
export function validationInput(validate: ValidateFunction, ...layers: readonly Readonly<Record<string, unknown>>[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const key of Object.keys(layer)) {
      // Assigning `__proto__` would set the prototype; spreading defines the key, and so does this.
      if (key === '__proto__') Object.defineProperty(merged, key, { value: layer[key], enumerable: true, writable: true, configurable: true });
      else merged[key] = layer[key];
    }
  }
  let writes = writesDefaults.get(validate);
  if (writes === undefined) {
    writes = hasDefault(validate.schema);
    writesDefaults.set(validate, writes);
  }
  return writes ? structuredClone(merged) : merged;
}

function hasDefault(schema: unknown): boolean {
  const stack: unknown[] = [schema];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (!Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, 'default')) return true;
    for (const value of Object.values(node)) stack.push(value);
  }
  return false;
}
