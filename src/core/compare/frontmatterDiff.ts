// A short, semantic list of what changed in the frontmatter of two prompt versions: the model, config values,
// inputs, the output format and schema, tests by name. Reviewers read this before the line diff.
import { parseDocument } from 'yaml';
import { deepEqual, formatPath, shortValue, structuralDiff, type JsonChange } from './jsonDiff';
import { splitPromptText } from '../promptFile/split';

export type FrontmatterArea = 'model' | 'config' | 'input' | 'output' | 'tests' | 'other';

export interface FrontmatterChange {
  readonly area: FrontmatterArea;
  readonly kind: 'added' | 'removed' | 'changed' | 'renamed';
  /** Key path (`config.temperature`) or the named thing (`tests['refund']`, `input 'tone'`). */
  readonly path: string;
  /** One line for the summary: `model: gpt-4o-mini → gpt-4.1-mini`, `test 'refund' added`. */
  readonly text: string;
}

export interface FrontmatterSummary {
  readonly changes: readonly FrontmatterChange[];
  /** Why a side could not be summarised (invalid YAML); the text diff still shows it. */
  readonly problems: readonly string[];
}

type Data = Record<string, unknown>;
const isObject = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);
const maxPerGroup = 6;

/** Reads the frontmatter mapping of a prompt text; `{}` when there is none, a problem string when it is invalid. */
export function readFrontmatter(text: string, side: string): { data: Data; problem?: string } {
  const fm = splitPromptText(text).frontmatter;
  if (fm === undefined) return { data: {} };
  if (fm.closeStart === undefined) return { data: {}, problem: `The ${side} version's frontmatter has no closing \`---\` line, so its changes are not summarised.` };
  const doc = parseDocument(text.slice(fm.yamlStart, fm.yamlEnd), { uniqueKeys: false });
  const err = doc.errors[0];
  if (err !== undefined) {
    // Lines counted in the file, so the number matches what the editor shows.
    const line = text.slice(0, fm.yamlStart).split('\n').length + (err.linePos?.[0].line ?? 1) - 1;
    return { data: {}, problem: `The ${side} version's frontmatter is not valid YAML (line ${line}: ${err.message.split('\n')[0] ?? ''}), so its changes are not summarised.` };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { data: {}, problem: `The ${side} version's frontmatter cannot be read: ${e instanceof Error ? e.message : String(e)}.` };
  }
  if (value === null || value === undefined) return { data: {} };
  if (!isObject(value)) return { data: {}, problem: `The ${side} version's frontmatter is not a mapping of keys to values.` };
  return { data: value };
}

/** Summarises frontmatter changes between two prompt texts. */
export function summarizeFrontmatter(leftText: string, rightText: string): FrontmatterSummary {
  const left = readFrontmatter(leftText, 'left');
  const right = readFrontmatter(rightText, 'right');
  const problems = [left.problem, right.problem].filter((p): p is string => p !== undefined);
  return { changes: summarizeData(left.data, right.data), problems };
}

/** Summarises changes between two parsed frontmatter mappings. */
export function summarizeData(a: Data, b: Data): FrontmatterChange[] {
  const out: FrontmatterChange[] = [];
  out.push(...leafChanges('model', ['model'], a.model, b.model));
  out.push(...capped(leafChanges('config', ['config'], a.config, b.config), 'config'));
  const inA = isObject(a.input) ? a.input : {};
  const inB = isObject(b.input) ? b.input : {};
  out.push(...capped(inputChanges(inA.schema, inB.schema), 'input'));
  const restA = { ...inA, schema: undefined };
  const restB = { ...inB, schema: undefined };
  out.push(...capped(leafChanges('input', ['input'], restA, restB), 'input'));
  out.push(...capped(leafChanges('output', ['output'], a.output, b.output), 'output'));
  out.push(...capped(testChanges(a.tests, b.tests), 'tests'));
  const known = new Set(['model', 'config', 'input', 'output', 'tests']);
  const others = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !known.has(k));
  for (const k of others) out.push(...capped(leafChanges('other', [k], a[k], b[k]), k));
  return out;
}

function describe(area: FrontmatterArea, c: JsonChange, base: readonly (string | number)[]): FrontmatterChange {
  const path = formatPath([...base, ...c.path]);
  const text =
    c.kind === 'changed' ? `${path}: ${shortValue(c.before)} → ${shortValue(c.after)}`
    : c.kind === 'added' ? `${path} added: ${shortValue(c.after)}`
    : `${path} removed (was ${shortValue(c.before)})`;
  return { area, kind: c.kind, path, text };
}

function leafChanges(area: FrontmatterArea, base: (string | number)[], a: unknown, b: unknown): FrontmatterChange[] {
  if (a === undefined && b === undefined) return [];
  if (a === undefined) return [describe(area, { path: [], kind: 'added', after: b }, base)];
  if (b === undefined) return [describe(area, { path: [], kind: 'removed', before: a }, base)];
  return structuralDiff(a, b).map((c) => describe(area, c, base));
}

// A long list of small changes in one area says less than a count.
function capped(changes: FrontmatterChange[], group: string): FrontmatterChange[] {
  if (changes.length <= maxPerGroup) return changes;
  const kept = changes.slice(0, maxPerGroup - 1);
  const rest = changes.length - kept.length;
  const area = changes[0]?.area ?? 'other';
  return [...kept, { area, kind: 'changed', path: group, text: `… and ${rest} more changes in ${group}` }];
}

/** Input names with their definitions, from Picoschema (`tone?: string, the tone`) or JSON Schema (`properties`). */
function inputDefs(schema: unknown): Map<string, { def: unknown; optional: boolean }> {
  const out = new Map<string, { def: unknown; optional: boolean }>();
  if (!isObject(schema)) return out;
  if (isObject(schema.properties)) {
    const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : []);
    for (const [k, v] of Object.entries(schema.properties)) out.set(k, { def: v, optional: !required.has(k) });
    return out;
  }
  for (const [key, v] of Object.entries(schema)) {
    const m = /^([^?(]+?)\s*(\?)?\s*(\(.*\))?$/.exec(key);
    const name = m?.[1] ?? key;
    out.set(name, { def: m?.[3] !== undefined ? { [m[3]]: v } : v, optional: m?.[2] === '?' });
  }
  return out;
}

function inputChanges(a: unknown, b: unknown): FrontmatterChange[] {
  const da = inputDefs(a);
  const db = inputDefs(b);
  const out: FrontmatterChange[] = [];
  const path = (n: string): string => `input '${n}'`;
  for (const [name, x] of da) {
    const y = db.get(name);
    if (y === undefined) {
      out.push({ area: 'input', kind: 'removed', path: path(name), text: `input '${name}' removed` });
      continue;
    }
    if (x.optional !== y.optional) out.push({ area: 'input', kind: 'changed', path: path(name), text: `input '${name}' is now ${y.optional ? 'optional' : 'required'}` });
    if (!deepEqual(x.def, y.def)) out.push({ area: 'input', kind: 'changed', path: path(name), text: `input '${name}': ${shortValue(x.def, 40)} → ${shortValue(y.def, 40)}` });
  }
  for (const name of db.keys()) {
    if (!da.has(name)) out.push({ area: 'input', kind: 'added', path: path(name), text: `input '${name}' added` });
  }
  return out;
}

function testName(t: unknown, i: number): string {
  return isObject(t) && typeof t.name === 'string' && t.name.trim() !== '' ? t.name : `#${i + 1}`;
}

function keyedTests(tests: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(tests)) return out;
  tests.forEach((t, i) => {
    let name = testName(t, i);
    // Two tests with one name stay apart by position, so neither hides the other.
    if (out.has(name)) name = `${name} (#${i + 1})`;
    out.set(name, t);
  });
  return out;
}

const withoutName = (t: unknown): unknown => (isObject(t) ? { ...t, name: undefined } : t);

function testChanges(a: unknown, b: unknown): FrontmatterChange[] {
  const ta = keyedTests(a);
  const tb = keyedTests(b);
  const removed = [...ta.keys()].filter((k) => !tb.has(k));
  const added = [...tb.keys()].filter((k) => !ta.has(k));
  const out: FrontmatterChange[] = [];
  const q = (n: string): string => `test '${shortValue(n, 40)}'`;
  for (const name of removed) {
    const twin = added.find((n) => deepEqual(withoutName(ta.get(name)), withoutName(tb.get(n))));
    if (twin !== undefined) {
      added.splice(added.indexOf(twin), 1);
      out.push({ area: 'tests', kind: 'renamed', path: q(name), text: `${q(name)} renamed to '${shortValue(twin, 40)}'` });
    } else out.push({ area: 'tests', kind: 'removed', path: q(name), text: `${q(name)} removed` });
  }
  for (const name of added) out.push({ area: 'tests', kind: 'added', path: q(name), text: `${q(name)} added` });
  for (const [name, t] of ta) {
    const u = tb.get(name);
    if (u === undefined || deepEqual(t, u)) continue;
    const paths = structuralDiff(withoutName(t), withoutName(u), 50).map((c) => formatPath(c.path));
    const unique = [...new Set(paths)];
    const shown = unique.slice(0, 3).join(', ');
    const more = unique.length > 3 ? ` and ${unique.length - 3} more` : '';
    out.push({ area: 'tests', kind: 'changed', path: q(name), text: `${q(name)} changed: ${shown}${more}` });
  }
  return out;
}
