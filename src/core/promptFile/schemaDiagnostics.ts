// Validates the frontmatter data with the zod schema and maps each problem to the exact YAML range.
import type { z } from 'zod';
import { diag } from './diagnosticCodes';
import { locate } from './inputs';
import type { Diagnostic, Range } from './model';
import { frontmatterSchema, knownChildKeys, testSchema } from './schema';
import { didYouMean } from './suggest';
import { surelyValidSection, surelyValidTest } from './testSchemaFast';
import { isRecord } from './testSpecs';
import type { NodeIndex, NodeRef } from './yamlIndex';

type Nodes = NodeIndex;

/** Schema, unknown-key and model-name diagnostics for parsed frontmatter data. */
export function schemaDiagnostics(data: Record<string, unknown>, nodes: Nodes, fallback: Range): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of schemaIssues(data)) out.push(issueDiagnostic(issue, data, nodes, fallback));
  const root = nodes.root;
  unknownKeys(data, root, '', nodes, out, true);
  if (isRecord(data.config)) unknownKeys(data.config, nodes.child(root, 'config'), 'config', nodes, out, false);
  if (isRecord(data.input)) unknownKeys(data.input, nodes.child(root, 'input'), 'input', nodes, out, true);
  if (isRecord(data.output)) unknownKeys(data.output, nodes.child(root, 'output'), 'output', nodes, out, true);
  if (Array.isArray(data.tests)) {
    const testsRef = nodes.child(root, 'tests');
    data.tests.forEach((t, i) => {
      if (!isRecord(t)) return;
      const testRef = nodes.child(testsRef, i);
      unknownKeys(t, testRef, 'tests[]', nodes, out, true);
      if (Array.isArray(t.assert)) {
        const assertRef = nodes.child(testRef, 'assert');
        t.assert.forEach((a, j) => {
          if (isRecord(a)) unknownKeys(a, nodes.child(assertRef, j), 'tests[].assert[]', nodes, out, true);
        });
      }
    });
  }
  // `echo` alone is a whole reference (the echo provider), as parseModelRef reads it.
  if (typeof data.model === 'string' && data.model && data.model !== 'echo' && !/^[^/\s]+\/\S+$/.test(data.model)) {
    const info = nodes.get('model');
    out.push(diag('PO1014', info?.valueRange ?? fallback,
      `Model '${data.model}' has no provider. Write it as \`provider/model-id\`, e.g. \`openai/${data.model}\`.`));
  }
  return out;
}

type Issue = z.core.$ZodIssue;
const SHAPE = Object.entries(frontmatterSchema.shape) as [string, z.ZodType][];
/** Issues by checked value, per schema; a cached chunk of the frontmatter yields the same value object again. */
let issueCache = new Map<z.ZodType, WeakMap<object, readonly Issue[]>>();

/** Forgets the cached validation results (benchmarks measure cold parses with it). */
export function clearSchemaIssueCache(): void {
  issueCache = new Map();
}

/**
 * The issues `frontmatterSchema.safeParse(data)` reports, in the same order, found key by key and test by test:
 * the schema has no checks across keys, so each value is judged alone and unchanged values reuse their issues.
 */
export function schemaIssues(data: Record<string, unknown>): Issue[] {
  const out: Issue[] = [];
  for (const [key, schema] of SHAPE) {
    if (!Object.prototype.hasOwnProperty.call(data, key)) continue;
    const value = data[key];
    if (key === 'tests' && Array.isArray(value)) {
      value.forEach((item, i) => {
        // Most items are valid; the hand check says so without zod building a copy of the item.
        if (surelyValidTest(item)) return;
        for (const issue of issuesOf(testSchema, item)) out.push({ ...issue, path: [key, i, ...issue.path] });
      });
      continue;
    }
    // The common sections, when valid, are told so by hand: zod would copy each key of a schema to report nothing.
    if (surelyValidSection(key, value)) continue;
    for (const issue of issuesOf(schema, value)) out.push({ ...issue, path: [key, ...issue.path] });
  }
  return out;
}

function issuesOf(schema: z.ZodType, value: unknown): readonly Issue[] {
  const cacheable = value !== null && typeof value === 'object';
  let perSchema = issueCache.get(schema);
  if (!perSchema) {
    perSchema = new WeakMap();
    issueCache.set(schema, perSchema);
  }
  const hit = cacheable ? perSchema.get(value) : undefined;
  if (hit) return hit;
  const result = schema.safeParse(value);
  const issues = result.success ? [] : result.error.issues;
  if (cacheable) perSchema.set(value, issues);
  return issues;
}

/** Unknown keys are kept: close misspellings get a warning with a suggestion, others at most a hint. */
function unknownKeys(obj: Record<string, unknown>, ref: NodeRef, docPath: string, nodes: Nodes, out: Diagnostic[], hintOthers: boolean): void {
  const known = knownChildKeys(docPath);
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const range = nodes.info(nodes.child(ref, key))?.keyRange;
    if (!range) continue;
    // Dotted keys are Dotprompt extension data, by design.
    if (docPath === '' && key.includes('.')) continue;
    const suggestion = didYouMean(key, known);
    const where = docPath ? `in \`${docPath}\`` : 'in the frontmatter';
    if (suggestion) {
      out.push(diag('PO1007', range, `Unknown key '${key}' ${where}. Did you mean '${suggestion}'?`, { key, suggestion }));
    } else if (hintOthers) {
      out.push(diag('PO1006', range, `'${key}' is not a known key ${where}; it is kept as written. Use a dotted name (\`myext.${key}\`) for extension data.`, { key }));
    }
  }
}

function issueDiagnostic(issue: z.core.$ZodIssue, data: Record<string, unknown>, nodes: Nodes, fallback: Range): Diagnostic {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const name = pathString(path);
  const exact = nodes.get(name);
  const info = exact ?? locate(nodes, nodes.root, path);
  const range = (exact ? exact.valueRange ?? exact.keyRange : info?.keyRange ?? info?.valueRange) ?? fallback;
  const actual = valueAt(data, path);
  switch (issue.code) {
    case 'invalid_type':
      if (actual === undefined) {
        const parent = pathString(path.slice(0, -1)) || 'the frontmatter';
        return diag('PO1013', range, `\`${parent}\` needs a \`${String(path.at(-1))}\` key.`, { key: path.at(-1) });
      }
      return diag('PO1010', range, `\`${name}\` must be ${article(issue.expected)}, not ${describe(actual)}.`, { expected: issue.expected });
    case 'invalid_value':
      return diag('PO1011', range, `\`${name}\` must be one of ${issue.values.map((v) => `'${String(v)}'`).join(', ')}; it is ${describe(actual)}.`,
        { values: issue.values.map(String) });
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const cmp = issue.code === 'too_small' ? (issue.inclusive ? 'at least' : 'more than') : (issue.inclusive ? 'at most' : 'less than');
      const unit = issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : '';
      return diag('PO1012', range, `\`${name}\` must be ${cmp} ${String(bound)}${unit}; it is ${describe(actual)}.`);
    }
    case 'invalid_union':
      return diag('PO1010', range, `\`${name}\` ${issue.message}; it is ${describe(actual)}.`);
    default:
      return diag('PO1019', range, `\`${name || 'frontmatter'}\`: ${issue.message}.`);
  }
}

function pathString(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) s = typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p;
  return s;
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let v = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function article(expected: string): string {
  const names: Record<string, string> = { record: 'a mapping', object: 'a mapping', array: 'a list', number: 'a number', int: 'an integer', string: 'a string', boolean: 'true or false' };
  return names[expected] ?? `a ${expected}`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (typeof v === 'number' && !Number.isInteger(v)) return String(v);
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v;
}
