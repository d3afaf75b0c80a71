// `javascript` assertions: user code over `output` and `context`, in a fresh node:vm context with a time limit.
// Only values cross into the sandbox (strings, re-parsed there), never host objects or functions, so the code
// cannot climb a prototype chain back to the host's `Function` and `process`; string code generation is off.
import * as vm from 'node:vm';
import type { AssertionSpec } from '../promptFile/model';
import type { AssertionContext, Verdict } from './types';
import { AssertionSetupError, readNumber, requireText } from './values';

const DEFAULT_TIMEOUT_MS = 2_000;
const MAX_CODE = 100_000;
export const UNTRUSTED_REASON = 'not run: javascript assertions execute code from the workspace, so they run only in a trusted VS Code workspace or with promptops test --allow-javascript';

// Runs first in each context: captures JSON before user code could replace it, and defines how a result
// is reduced to one JSON string (inside the sandbox, under the time limit, so user getters cannot escape it).
const PRELUDE = new vm.Script(`(() => {
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const str = String;
  const box = { settled: undefined };
  const reduce = (v) => {
    if (typeof v === 'boolean' || typeof v === 'number') return stringify({ kind: typeof v, v: typeof v === 'number' && !isFinite(v) ? null : v });
    if (v !== null && typeof v === 'object') {
      const pass = v.pass, score = v.score, reason = v.reason;
      return stringify({ kind: 'object', pass: typeof pass === 'boolean' ? pass : undefined,
        score: typeof score === 'number' && isFinite(score) ? score : undefined,
        reason: reason === undefined || reason === null ? undefined : str(reason) });
    }
    return stringify({ kind: v === null ? 'null' : typeof v });
  };
  const fail = (e) => { try { return stringify({ kind: 'throw', message: e instanceof Error ? e.name + ': ' + e.message : str(e) }); } catch { return '{"kind":"throw","message":"(unprintable error)"}'; } };
  const fixed = (name, value) => Object.defineProperty(globalThis, name, { value, writable: false, configurable: false });
  fixed('__take', () => box.settled);
  fixed('__run', (fn) => {
    let r;
    try { r = fn(globalThis.__output, parse(globalThis.__context)); } catch (e) { box.settled = fail(e); return; }
    if (r !== null && typeof r === 'object' && typeof r.then === 'function') {
      r.then((v) => { box.settled = reduce(v); }, (e) => { box.settled = fail(e); });
    } else {
      box.settled = reduce(r);
    }
  });
})();`);
// Reads the result back inside the sandbox under the time limit: reading a property of the sandbox from the host
// could run a getter the user code planted, without any limit.
const TAKE = new vm.Script('__take()');

interface Reduced {
  kind: string;
  v?: number | boolean | null;
  pass?: boolean;
  score?: number;
  reason?: string;
  message?: string;
}

/** `javascript`: runs an expression or a function body; true/false, a score, or {pass, score, reason}. */
export function javascript(spec: AssertionSpec, value: unknown, ctx: AssertionContext): Verdict {
  if (!ctx.trustCode) return { pass: false, notRun: true, reason: UNTRUSTED_REASON, error: UNTRUSTED_REASON };
  const code = requireText(spec.type, value, 'an expression or a function body over `output` and `context`').trim();
  if (code.startsWith('file://')) throw new AssertionSetupError('javascript `file://` references are not supported; write the code inline');
  if (code.length > MAX_CODE) throw new AssertionSetupError(`javascript code is ${code.length} characters; the limit is ${MAX_CODE}`);
  const script = compile(code);
  const timeout = Math.max(1, Math.floor(ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  const sandbox = vm.createContext(Object.create(null) as object, {
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate',
  }) as Record<string, unknown>;
  sandbox.__output = ctx.output;
  sandbox.__context = JSON.stringify({
    vars: ctx.vars,
    outputFormat: ctx.outputFormat,
    latencyMs: ctx.latencyMs,
    costUsd: ctx.costUsd ?? null,
  });
  try {
    PRELUDE.runInContext(sandbox);
    script.runInContext(sandbox, { timeout });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new AssertionSetupError(`javascript assertion ran longer than ${timeout} ms and was stopped`);
    }
    throw new AssertionSetupError(`javascript assertion failed to run: ${String((e as Error)?.message ?? e)}`);
  }
  let settled: unknown;
  try {
    settled = TAKE.runInContext(sandbox, { timeout });
  } catch {
    throw new AssertionSetupError('javascript assertion result could not be read');
  }
  if (typeof settled !== 'string') throw new AssertionSetupError('javascript assertion returned a promise that did not settle');
  return toVerdict(JSON.parse(settled) as Reduced, readNumber(spec.threshold ?? spec.raw.threshold));
}

// An expression when it compiles as one (`output.includes("x")`), otherwise a function body (`return …;`).
function compile(code: string): vm.Script {
  const wrap = (body: string): string => `__run(function (output, context) {\n${body}\n});`;
  try {
    return new vm.Script(wrap(`return (\n${code.replace(/;\s*$/, "")}\n);`), { filename: 'javascript-assertion.js' });
  } catch {
    try {
      return new vm.Script(wrap(code), { filename: 'javascript-assertion.js' });
    } catch (e) {
      throw new AssertionSetupError(`javascript assertion has a syntax error: ${(e as Error).message}`);
    }
  }
}

function toVerdict(r: Reduced, threshold: number | undefined): Verdict {
  switch (r.kind) {
    case 'throw':
      throw new AssertionSetupError(`javascript assertion threw ${r.message ?? 'an error'}`);
    case 'boolean':
      return { pass: r.v === true, reason: `javascript returned ${String(r.v)}` };
    case 'number': {
      if (typeof r.v !== 'number') throw new AssertionSetupError('javascript assertion returned a number that is not finite');
      const pass = threshold !== undefined ? r.v >= threshold : r.v > 0;
      const rule = threshold !== undefined ? `threshold ${threshold}` : 'passes above 0';
      return { pass, score: clamp(r.v), reason: `javascript returned ${r.v} (${rule})` };
    }
    case 'object': {
      if (r.pass === undefined && r.score === undefined) {
        throw new AssertionSetupError('javascript assertion returned an object without `pass` or `score`');
      }
      const score = r.score !== undefined ? clamp(r.score) : r.pass ? 1 : 0;
      const pass = r.pass ?? (threshold !== undefined ? score >= threshold : score > 0);
      return { pass, score, reason: r.reason ?? `javascript returned pass=${String(pass)} score=${score}` };
    }
    default:
      throw new AssertionSetupError(`javascript assertion must return a boolean, a number or {pass, score, reason}, not ${r.kind}`);
  }
}

function clamp(n: number): number {
  return Math.min(1, Math.max(0, n));
}
