// One Ajv instance for the prompt-file core, with compiled validators cached by schema text.
import Ajv, { type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, validateSchema: true });
const cache = new Map<string, ValidateFunction | Error>();
const MAX_CACHED = 200;

/** Compiles (or reuses) a validator; an invalid schema comes back as an Error, never thrown. */
export function validatorFor(schema: Readonly<Record<string, unknown>>): ValidateFunction | Error {
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
