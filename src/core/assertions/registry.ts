// Runs a test's assertions: dispatches each type to its family, applies `not-`, weights and the test threshold.
import type { AssertionSpec } from '../promptFile/model';
import { contains, containsSome, equals, levenshteinAssertion, regex, startsWith, boundedLevenshtein } from './text';
import { containsJson, isJson } from './json';
import { cost, latency } from './perf';
import { javascript } from './javascript';
import { llmRubric } from './rubric';
import type { AssertionContext, AssertionResult, AssertionSummary, Verdict } from './types';
import { AssertionSetupError, fillVars, preview } from './values';

type Evaluator = (spec: AssertionSpec, value: unknown, ctx: AssertionContext) => Verdict | Promise<Verdict>;

const EVALUATORS = {
  equals: equals,
  contains: (s, v, c) => contains(s, v, c, false),
  icontains: (s, v, c) => contains(s, v, c, true),
  'contains-any': (s, v, c) => containsSome(s, v, c, false, false),
  'contains-all': (s, v, c) => containsSome(s, v, c, true, false),
  'icontains-any': (s, v, c) => containsSome(s, v, c, false, true),
  'icontains-all': (s, v, c) => containsSome(s, v, c, true, true),
  'starts-with': startsWith,
  regex: regex,
  'is-json': isJson,
  'contains-json': containsJson,
  levenshtein: levenshteinAssertion,
  latency: latency,
  cost: cost,
  javascript: javascript,
  'llm-rubric': llmRubric,
} satisfies Record<string, Evaluator>;

/** Every assertion type this engine evaluates (without the `not-` prefix). */
export const IMPLEMENTED_ASSERTION_TYPES = Object.keys(EVALUATORS) as readonly (keyof typeof EVALUATORS)[];

// Code and rubrics read vars themselves (`context.vars`) or are judged as written; the rest get `{{var}}` filled.
const NO_FILL = new Set(['javascript']);

/** Evaluates one assertion; never throws: problems with the assertion itself become an error result. */
export async function evaluateAssertion(spec: AssertionSpec, ctx: AssertionContext): Promise<AssertionResult> {
  const inverted = spec.type.startsWith('not-');
  const base = inverted ? spec.type.slice(4) : spec.type;
  const weight = typeof spec.weight === 'number' && Number.isFinite(spec.weight) && spec.weight >= 0 ? spec.weight : 1;
  const common = { type: spec.type, weight, range: spec.range };
  const evaluator = Object.prototype.hasOwnProperty.call(EVALUATORS, base) ? (EVALUATORS as Record<string, Evaluator>)[base] : undefined;
  if (!evaluator) {
    const error = `unknown assertion type ${preview(spec.type, 40)}${suggest(base)}`;
    return { ...common, pass: false, score: 0, reason: error, error };
  }
  let verdict: Verdict;
  try {
    const value = NO_FILL.has(base) ? spec.value : fillValue(spec.value, ctx.vars);
    verdict = await evaluator(spec, value, ctx);
  } catch (e) {
    const error = e instanceof AssertionSetupError ? e.message : `${base} failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`;
    return { ...common, pass: false, score: 0, reason: error, error };
  }
  if (verdict.error !== undefined || verdict.notRun) {
    // Not evaluated, so neither outcome is known: inverting would turn "could not check" into a pass.
    return { ...common, pass: false, score: 0, reason: verdict.reason, error: verdict.error ?? verdict.reason, ...(verdict.notRun ? { notRun: true } : {}) };
  }
  const score = clampScore(verdict.score ?? (verdict.pass ? 1 : 0));
  if (!inverted) {
    return { ...common, pass: verdict.pass, score, reason: verdict.reason, ...(verdict.pass ? {} : diffOf(verdict)) };
  }
  return { ...common, pass: !verdict.pass, score: 1 - score, reason: verdict.pass ? `${verdict.reason} (${spec.type} expects it not to)` : verdict.reason };
}

/** Evaluates a test's assertions and combines them: weighted mean score; pass = all pass, or score ≥ threshold. */
export async function evaluateAssertions(specs: readonly AssertionSpec[], ctx: AssertionContext): Promise<AssertionSummary> {
  const results = await Promise.all(specs.map((s) => evaluateAssertion(s, ctx)));
  return summarize(results, ctx.threshold);
}

/** Combines results; weight-0 results are reported but count for neither the score nor the verdict. */
export function summarize(results: readonly AssertionResult[], threshold?: number): AssertionSummary {
  const scored = results.filter((r) => r.weight > 0);
  const totalWeight = scored.reduce((n, r) => n + r.weight, 0);
  const score = totalWeight > 0 ? scored.reduce((n, r) => n + r.score * r.weight, 0) / totalWeight : 1;
  const broken = results.find((r) => r.error !== undefined);
  const failed = scored.find((r) => !r.pass);
  if (broken) return { pass: false, score, results, errored: true, reason: `${broken.type}: ${broken.reason}` };
  if (threshold !== undefined) {
    const pass = score >= threshold;
    return { pass, score, results, errored: false, reason: `score ${round(score)} ${pass ? '≥' : 'is below'} threshold ${threshold}` };
  }
  if (failed) return { pass: false, score, results, errored: false, reason: `${failed.type}: ${failed.reason}` };
  const n = results.length;
  return { pass: true, score, results, errored: false, reason: n === 0 ? 'no assertions' : `${n === 1 ? 'the assertion' : `all ${n} assertions`} passed` };
}

function fillValue(value: unknown, vars: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') return fillVars(value, vars);
  if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'string' ? fillVars(v, vars) : v));
  return value;
}

function diffOf(v: Verdict): { expected?: string; actual?: string } {
  return v.expected !== undefined && v.actual !== undefined ? { expected: v.expected, actual: v.actual } : {};
}

function clampScore(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function suggest(base: string): string {
  let best: string | undefined;
  let bestD = 3;
  for (const t of IMPLEMENTED_ASSERTION_TYPES) {
    const d = boundedLevenshtein(base.slice(0, 60), t, 2);
    if (d < bestD) [best, bestD] = [t, d];
  }
  return best ? ` (did you mean "${best}"?)` : '';
}
