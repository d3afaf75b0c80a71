// Text assertions: equality, substrings, prefixes, regular expressions, edit distance.
import type { AssertionSpec } from '../promptFile/model';
import type { AssertionContext, Verdict } from './types';
import { AssertionSetupError, preview, readNumber, requireText, requireTextList, runGuarded } from './values';

const MAX_PATTERN = 10_000;
const DEFAULT_CODE_TIMEOUT_MS = 2_000;
// Past this many matrix cells an edit distance is refused rather than computed (memory and time).
const MAX_LEVENSHTEIN_CELLS = 50_000_000;

/** `equals`: the output is exactly the value (or, for an object/array value, the same JSON). */
export function equals(spec: AssertionSpec, value: unknown, ctx: AssertionContext): Verdict {
  if (value !== null && typeof value === 'object') {
    const expected = JSON.stringify(value, null, 2);
    let parsed: unknown;
    try {
      parsed = JSON.parse(ctx.output);
    } catch {
      return { pass: false, reason: `output is not JSON, expected JSON equal to ${preview(JSON.stringify(value))}`, expected, actual: ctx.output };
    }
    const path = firstDifference(value, parsed, '$');
    return path === undefined
      ? { pass: true, reason: 'output JSON equals the expected value' }
      : { pass: false, reason: `output JSON differs from the expected value at ${path}`, expected, actual: JSON.stringify(parsed, null, 2) };
  }
  const expected = requireText(spec.type, value, 'the exact expected output');
  if (ctx.output === expected) return { pass: true, reason: `output equals ${preview(expected)}` };
  let i = 0;
  while (i < expected.length && i < ctx.output.length && expected[i] === ctx.output[i]) i++;
  return {
    pass: false,
    reason: `expected ${preview(expected)} but got ${preview(ctx.output)} (first difference at character ${i + 1})`,
    expected,
    actual: ctx.output,
  };
}

function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (a === b) return undefined;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return path;
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = i < a.length && i < b.length ? firstDifference(a[i], b[i], `${path}[${i}]`) : `${path}[${i}]`;
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    const sub = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
    if (!(k in ao) || !(k in bo)) return sub;
    const d = firstDifference(ao[k], bo[k], sub);
    if (d !== undefined) return d;
  }
  return undefined;
}

/** `contains` / `icontains`: the output contains the text (case-insensitive for `icontains`). */
export function contains(spec: AssertionSpec, value: unknown, ctx: AssertionContext, ignoreCase: boolean): Verdict {
  const needle = requireText(spec.type, value, 'the text the output must contain');
  const found = fold(ctx.output, ignoreCase).includes(fold(needle, ignoreCase));
  const how = ignoreCase ? ' (ignoring case)' : '';
  return found
    ? { pass: true, reason: `output contains ${preview(needle)}${how}` }
    : { pass: false, reason: `output does not contain ${preview(needle)}${how}; output: ${preview(ctx.output)}` };
}

/** `contains-any` / `contains-all` and their case-insensitive forms. */
export function containsSome(spec: AssertionSpec, value: unknown, ctx: AssertionContext, all: boolean, ignoreCase: boolean): Verdict {
  const needles = requireTextList(spec.type, value);
  const hay = fold(ctx.output, ignoreCase);
  const present = needles.filter((n) => hay.includes(fold(n, ignoreCase)));
  const missing = needles.filter((n) => !present.includes(n));
  const list = (xs: string[]): string => xs.map((x) => preview(x, 40)).join(', ');
  const how = ignoreCase ? ' (ignoring case)' : '';
  if (all) {
    return missing.length === 0
      ? { pass: true, reason: `output contains all of ${list(needles)}${how}` }
      : { pass: false, reason: `output is missing ${list(missing)}${how}; output: ${preview(ctx.output)}` };
  }
  return present.length > 0
    ? { pass: true, reason: `output contains ${list(present)}${how}` }
    : { pass: false, reason: `output contains none of ${list(needles)}${how}; output: ${preview(ctx.output)}` };
}

function fold(text: string, ignoreCase: boolean): string {
  return ignoreCase ? text.toLowerCase() : text;
}

/** `starts-with`: the output begins with the text. */
export function startsWith(spec: AssertionSpec, value: unknown, ctx: AssertionContext): Verdict {
  const prefix = requireText(spec.type, value, 'the text the output must start with');
  return ctx.output.startsWith(prefix)
    ? { pass: true, reason: `output starts with ${preview(prefix)}` }
    : { pass: false, reason: `output does not start with ${preview(prefix)}; it starts with ${preview(ctx.output.slice(0, prefix.length + 20))}` };
}

/** `regex`: the pattern matches somewhere in the output; evaluated under a time limit. */
export function regex(spec: AssertionSpec, value: unknown, ctx: AssertionContext): Verdict {
  const pattern = requireText(spec.type, value, 'a regular expression');
  if (pattern.length > MAX_PATTERN) throw new AssertionSetupError(`regex pattern is ${pattern.length} characters long; the limit is ${MAX_PATTERN}`);
  const flags = typeof spec.raw.flags === 'string' ? spec.raw.flags : '';
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags);
  } catch (e) {
    throw new AssertionSetupError(`invalid regular expression /${pattern}/${flags}: ${(e as Error).message}`);
  }
  const limit = ctx.timeoutMs ?? DEFAULT_CODE_TIMEOUT_MS;
  const shown = `/${pattern}/${flags.replace('g', '')}`;
  const m = runGuarded(() => re.exec(ctx.output), limit, `regex ${shown}`);
  return m
    ? { pass: true, reason: `output matches ${shown} (matched ${preview(m[0], 40)})` }
    : { pass: false, reason: `output does not match ${shown}; output: ${preview(ctx.output)}` };
}

/** `levenshtein`: edit distance to the value is at most `threshold` (default 5). */
export function levenshteinAssertion(spec: AssertionSpec, value: unknown, ctx: AssertionContext): Verdict {
  const expected = requireText(spec.type, value, 'the text to compare the output with');
  const max = readNumber(spec.threshold ?? spec.raw.threshold) ?? 5;
  if (max < 0) throw new AssertionSetupError('levenshtein threshold must be 0 or more');
  const d = boundedLevenshtein(expected, ctx.output, max);
  if (d <= max) return { pass: true, reason: `edit distance ${d} ≤ ${max} from ${preview(expected)}` };
  // The exact distance reads better in a failure, when it is cheap to get.
  const longest = Math.max(expected.length, ctx.output.length);
  const exact = expected.length * ctx.output.length <= 4_000_000 ? boundedLevenshtein(expected, ctx.output, longest) : Infinity;
  const how = exact === Infinity ? `is more than ${max}` : `${exact} exceeds ${max}`;
  return { pass: false, reason: `edit distance ${how} from ${preview(expected)}; output: ${preview(ctx.output)}`, expected, actual: ctx.output };
}

/** Edit distance between a and b, or Infinity as soon as it is known to exceed `max` (banded, O(max × length)). */
export function boundedLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return Infinity;
  // A shared prefix and suffix never change the distance; dropping them makes near-identical long texts cheap.
  let p = 0;
  while (p < a.length && p < b.length && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let q = 0;
  while (q < a.length - p && q < b.length - p && a.charCodeAt(a.length - 1 - q) === b.charCodeAt(b.length - 1 - q)) q++;
  a = a.slice(p, a.length - q);
  b = b.slice(p, b.length - q);
  if (a.length < b.length) [a, b] = [b, a];
  const band = Math.min(Math.floor(max), a.length);
  if ((2 * band + 1) * (b.length + 1) > MAX_LEVENSHTEIN_CELLS) {
    throw new AssertionSetupError(`levenshtein: texts of ${a.length} and ${b.length} characters are too long to compare with threshold ${max}`);
  }
  // Row i holds distances for b[0..j], only for |i - j| <= band; cells outside the band count as band + 1.
  const big = band + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j <= band ? j : big;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(b.length, i + band);
    // Only the band's edges are reset, so each row costs O(band) rather than O(length).
    cur[0] = i <= band ? i : big;
    if (lo > 1) cur[lo - 1] = big;
    if (hi < b.length) cur[hi + 1] = big;
    let rowMin = lo > 1 ? big : cur[0];
    for (let j = lo; j <= hi; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j - 1] + cost, prev[j] + 1, cur[j - 1] + 1, big);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > band) return Infinity;
    [prev, cur] = [cur, prev];
  }
  const d = prev[b.length];
  return d > band ? Infinity : d;
}
