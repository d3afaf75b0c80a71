// One Ajv instance for the prompt-file core, with compiled validators cached by schema text.
import Ajv, { type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, validateSchema: true });
const cache = new Map<string, ValidateFunction | Error>();
const MAX_CACHED = 200;

/** The validator of each schema object already seen, so a schema checked for many tests is not serialised each time. */
let byObject = new WeakMap<object, ValidateFunction | Error>();

/** Forgets which schema objects were seen (compiled validators stay cached by schema text). */
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
