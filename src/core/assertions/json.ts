// JSON assertions: the whole output is JSON, or a JSON value is embedded in it; either optionally checked
// against a JSON Schema by Ajv.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { AssertionSpec } from '../promptFile/model';
import type { AssertionContext, Verdict } from './types';
import { AssertionSetupError, preview, runGuarded } from './values';

const DEFAULT_TIMEOUT_MS = 2_000;
const MAX_CANDIDATES = 500;
const MAX_SCAN_CHARS = 10_000_000;
const compiled = new Map<string, ValidateFunction>();

/** `is-json`: the whole output parses as JSON (and matches the schema in `value`, if any). */
export function isJson(spec: AssertionSpec, value: unknown, ctx: AssertionContext): Verdict {
  const validate = schemaOf(spec, value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.output);
  } catch (e) {
    return { pass: false, reason: `output is not valid JSON (${(e as Error).message}); output: ${preview(ctx.output)}` };
  }
  if (!validate) return { pass: true, reason: 'output is valid JSON' };
  const problem = check(validate, parsed, ctx);
  return problem === undefined
    ? { pass: true, reason: 'output is valid JSON and matches the schema' }
    : { pass: false, reason: `output JSON does not match the schema: ${problem}` };
}

/** `contains-json`: some JSON object or array embedded in the output parses (and matches the schema, if any). */
export function containsJson(spec: AssertionSpec, value: unknown, ctx: AssertionContext): Verdict {
  const validate = schemaOf(spec, value);
  const found = extractJsonValues(ctx.output);
  if (found.length === 0) return { pass: false, reason: `output contains no JSON object or array; output: ${preview(ctx.output)}` };
  if (!validate) return { pass: true, reason: `output contains JSON ${preview(JSON.stringify(found[0]), 60)}` };
  let firstProblem = '';
  for (const candidate of found) {
    const problem = check(validate, candidate, ctx);
    if (problem === undefined) return { pass: true, reason: `output contains JSON matching the schema: ${preview(JSON.stringify(candidate), 60)}` };
    firstProblem ||= problem;
  }
  const what = found.length === 1 ? 'output contains JSON, but it does not match the schema' : `output contains ${found.length} JSON values, none matching the schema`;
  return { pass: false, reason: `${what}: ${firstProblem}` };
}

/** Every top-level JSON object/array embedded in text, in order of appearance (bounded work for huge text). */
export function extractJsonValues(text: string): unknown[] {
  const out: unknown[] = [];
  let budget = MAX_SCAN_CHARS;
  let tried = 0;
  let i = 0;
  while (i < text.length && tried < MAX_CANDIDATES && budget > 0) {
    const c = text.charCodeAt(i);
    if (c !== 0x7b && c !== 0x5b) {
      i++;
      continue;
    }
    tried++;
    const end = balancedEnd(text, i, budget);
    budget -= (end < 0 ? text.length : end) - i + 1;
    if (end > 0) {
      try {
        out.push(JSON.parse(text.slice(i, end + 1)));
        i = end + 1;
        continue;
      } catch {
        // Not JSON (e.g. a brace in prose); try from the next opening character.
      }
    }
    i++;
  }
  return out;
}

/** Index of the bracket closing the one at `start`, honouring JSON strings; -1 when unbalanced. */
export function balancedEnd(text: string, start: number, budget: number): number {
  let depth = 0;
  let inString = false;
  const stop = Math.min(text.length, start + budget);
  for (let i = start; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function schemaOf(spec: AssertionSpec, value: unknown): ValidateFunction | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    throw new AssertionSetupError(`${spec.type} \`value\` must be a JSON Schema object (file references are not supported here)`);
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw new AssertionSetupError(`${spec.type} \`value\` must be a JSON Schema object`);
  const key = JSON.stringify(value);
  const known = compiled.get(key);
  if (known) return known;
  try {
    // A fresh Ajv per schema: two schemas with the same `$id` must not collide.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
    const validate = ajv.compile(value as Record<string, unknown>);
    if (compiled.size >= 200) compiled.clear();
    compiled.set(key, validate);
    return validate;
  } catch (e) {
    throw new AssertionSetupError(`${spec.type} has an invalid JSON Schema: ${(e as Error).message}`);
  }
}

function check(validate: ValidateFunction, data: unknown, ctx: AssertionContext): string | undefined {
  const ok = runGuarded(() => validate(data), ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'JSON Schema validation');
  if (ok) return undefined;
  return describe(validate.errors ?? []);
}

function describe(errors: readonly ErrorObject[]): string {
  if (errors.length === 0) return 'it does not match';
  const first = errors[0];
  const path = `$${first.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('')}`;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${path} ${first.message ?? 'is invalid'}${more}`;
}
