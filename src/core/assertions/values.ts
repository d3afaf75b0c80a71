// Helpers shared by the assertion families: reading untrusted values, filling vars, one-line previews.
import * as vm from 'node:vm';

/** Thrown by an evaluator for a problem with the assertion itself (bad value, bad regex), not with the output. */
export class AssertionSetupError extends Error {}

const PREVIEW = 80;

/** A one-line, quoted, shortened view of untrusted text for reasons. */
export function preview(text: string, max = PREVIEW): string {
  return text.length > max ? `${JSON.stringify(text.slice(0, max))}…` : JSON.stringify(text);
}

/** Replaces `{{ name }}` / `{{ a.b }}` in a string with values from vars; unknown names stay as written. */
export function fillVars(text: string, vars: Readonly<Record<string, unknown>>): string {
  if (!text.includes('{{')) return text;
  return text.replace(/\{\{\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\}\}/g, (whole, path: string) => {
    let cur: unknown = vars;
    for (const part of path.split('.')) {
      if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, part)) return whole;
      cur = (cur as Record<string, unknown>)[part];
    }
    if (typeof cur === 'string') return cur;
    if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
    return cur !== null && typeof cur === 'object' ? JSON.stringify(cur) : whole;
  });
}

/** Reads a single text value (strings, numbers and booleans as written), or explains what is missing. */
export function requireText(type: string, value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new AssertionSetupError(`${type} needs a \`value\`: ${what}`);
}

/** Reads a list of texts: a YAML list, or one comma-separated string (as promptfoo allows). */
export function requireTextList(type: string, value: unknown): string[] {
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') items = value.split(',').map((s) => s.trim());
  else throw new AssertionSetupError(`${type} needs a \`value\`: a list of texts (or one comma-separated string)`);
  const out = items.map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null));
  if (out.some((v) => v === null)) throw new AssertionSetupError(`${type} values must be texts`);
  const texts = out.filter((v): v is string => v !== null && v !== '');
  if (texts.length === 0) throw new AssertionSetupError(`${type} needs at least one non-empty text in \`value\``);
  return texts;
}

/** Reads a number option (threshold, limits), accepting numeric strings. */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

// One context for guarded host calls: the vm watchdog interrupts any synchronous work started inside it,
// including a host function's regex backtracking, which nothing else in Node can stop.
const guardContext = vm.createContext(Object.create(null) as object);
const guardScript = new vm.Script('__guarded()');

/** Runs synchronous work with a time limit; throws AssertionSetupError naming `what` when it runs too long. */
export function runGuarded<T>(fn: () => T, timeoutMs: number, what: string): T {
  let result: T | undefined;
  const g = guardContext as { __guarded?: () => void };
  g.__guarded = () => {
    result = fn();
  };
  try {
    guardScript.runInContext(guardContext, { timeout: Math.max(1, Math.floor(timeoutMs)) });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new AssertionSetupError(`${what} took longer than ${timeoutMs} ms and was stopped`);
    }
    throw e;
  } finally {
    g.__guarded = undefined;
  }
  return result as T;
}
