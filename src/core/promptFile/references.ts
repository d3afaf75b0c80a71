// Workspace checks that need other files: partials (missing, cyclic, broken) and datasets (missing, invalid rows).
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import type { FileSystem } from '../io';
import { validationInput, validatorFor } from './ajvCache';
import { DatasetError, datasetPath, loadDataset, type DatasetRow } from './dataset';
import { diag } from './diagnosticCodes';
import type { Diagnostic, Located, PromptDocument } from './model';
import { parse } from './parse';

const MAX_PARTIAL_DEPTH = 32;

/** Candidate files for `{{> name}}`: `_name.prompt` beside the prompt (Dotprompt), then in `partials/`. */
export function partialCandidates(name: string, promptPath: string): string[] {
  const segments = name.split('/');
  if (!name || segments.some((s) => s === '' || s === '..' || s === '.') || isAbsolute(name)) return [];
  const leaf = segments.pop() as string;
  const dir = dirname(promptPath);
  return [
    join(dir, ...segments, `_${leaf}.prompt`),
    join(dir, 'partials', ...segments, `_${leaf}.prompt`),
    join(dir, 'partials', ...segments, `${leaf}.prompt`),
  ];
}

/** The file a partial resolves to, or undefined. */
export async function resolvePartialPath(name: string, promptPath: string, fs: FileSystem): Promise<string | undefined> {
  for (const candidate of partialCandidates(name, promptPath)) {
    if (await fs.exists(candidate)) return candidate;
  }
  return undefined;
}

/** A `resolvePartial` for render(): reads partial templates relative to the prompt file. */
export function partialResolver(promptPath: string, fs: FileSystem): (name: string) => Promise<string | undefined> {
  return async (name) => {
    const path = await resolvePartialPath(name, promptPath, fs);
    return path === undefined ? undefined : fs.readFile(path);
  };
}

/** Diagnostics on the partials and datasets a document references; never throws. */
export async function checkReferences(doc: PromptDocument, filePath: string, fs: FileSystem): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const own = basename(filePath).match(/^_(.+)\.prompt$/)?.[1];
  const seen = new Set<string>();
  for (const ref of doc.partials) {
    if (seen.has(ref.value)) continue;
    seen.add(ref.value);
    try {
      await checkPartial(ref, filePath, fs, own ? [own] : [], out);
    } catch (e) {
      out.push(diag('PO2012', ref.range, `Partial '${ref.value}' could not be checked (${message(e)}).`, { partial: ref.value }));
    }
  }
  for (const test of doc.tests) {
    if (!test.dataset) continue;
    try {
      await checkDataset(doc, test.name, test.dataset, test.vars, filePath, fs, out);
    } catch (e) {
      out.push(diag('PO3011', test.dataset.range, `Dataset '${test.dataset.value}' could not be checked (${message(e)}).`));
    }
  }
  return out;
}

async function checkPartial(ref: Located<string>, filePath: string, fs: FileSystem, stack: string[], out: Diagnostic[]): Promise<void> {
  const name = ref.value;
  const problem = await walkPartial(name, filePath, fs, stack, new Map());
  if (!problem) return;
  if (problem.kind === 'missing') {
    const tried = partialCandidates(problem.name, filePath).map((p) => relative(dirname(filePath), p));
    const via = problem.name === name ? '' : ` (included by '${name}')`;
    out.push(diag('PO2010', ref.range, tried.length > 0
      ? `Partial '${problem.name}'${via} not found. Create ${tried[0]} (also looked for ${tried.slice(1).join(', ')}).`
      : `'${problem.name}' is not a valid partial name. Use a name like \`tone\` or \`shared/tone\`.`, { partial: problem.name }));
  } else if (problem.kind === 'cycle') {
    out.push(diag('PO2011', ref.range, `Partial '${name}' includes itself: ${problem.chain.join(' → ')}. Break the cycle.`, { partial: name, chain: problem.chain }));
  } else {
    out.push(diag('PO2012', ref.range, `Partial '${problem.name}' (${relative(dirname(filePath), problem.path)}) ${problem.detail}`, { partial: problem.name }));
  }
}

type PartialProblem =
  | { kind: 'missing'; name: string }
  | { kind: 'cycle'; chain: string[] }
  | { kind: 'broken'; name: string; path: string; detail: string };

/** Depth-first through the partial graph; nested partials resolve from the prompt file, as render() does. */
async function walkPartial(name: string, filePath: string, fs: FileSystem, stack: string[], done: Map<string, boolean>): Promise<PartialProblem | undefined> {
  if (stack.includes(name)) return { kind: 'cycle', chain: [...stack.slice(stack.indexOf(name)), name] };
  if (done.get(name) || stack.length > MAX_PARTIAL_DEPTH) return undefined;
  const path = await resolvePartialPath(name, filePath, fs);
  if (!path) return { kind: 'missing', name };
  let text: string;
  try {
    text = await fs.readFile(path);
  } catch (e) {
    return { kind: 'broken', name, path, detail: `cannot be read (${message(e)}). Check the file's permissions.` };
  }
  const partialDoc = parse(text);
  const syntax = partialDoc.diagnostics.find((d) => d.code === 'PO2001');
  if (syntax) return { kind: 'broken', name, path, detail: `has a template error at line ${syntax.range.start.line + 1}: ${syntax.message}` };
  for (const child of new Set(partialDoc.partials.map((p) => p.value))) {
    const problem = await walkPartial(child, filePath, fs, [...stack, name], done);
    if (problem) return problem;
  }
  done.set(name, true);
  return undefined;
}

async function checkDataset(doc: PromptDocument, testName: string, ref: Located<string>, vars: Readonly<Record<string, unknown>>,
  filePath: string, fs: FileSystem, out: Diagnostic[]): Promise<void> {
  const rel = ref.value.replace(/^file:(\/\/)?/, '');
  const path = datasetPath(ref.value, filePath);
  if (!(await fs.exists(path))) {
    out.push(diag('PO3010', ref.range, `Dataset '${rel}' not found (looked at ${path}). Create it or correct the path, relative to this file.`, { file: path }));
    return;
  }
  let rows;
  try {
    rows = await loadDataset(path, fs);
  } catch (e) {
    if (e instanceof DatasetError && /cannot be read/.test(e.message)) {
      out.push(diag('PO3010', ref.range, `Dataset '${rel}' ${e.message.slice(e.file.length + 2)}.`, { file: path }));
    } else {
      const where = e instanceof DatasetError ? `${rel}${e.line !== undefined ? ` line ${e.line}` : ''}: ${e.message.replace(/^.*?: /, '')}` : message(e);
      out.push(diag('PO3011', ref.range, `Dataset ${where}.`, e instanceof DatasetError && e.line !== undefined ? { file: path, line: e.line } : { file: path }));
    }
    return;
  }
  if (rows.length === 0) {
    out.push(diag('PO3011', ref.range, `Dataset '${rel}' has no rows, so test '${testName}' runs nothing. Add rows.`, { file: path }));
    return;
  }
  if (!doc.inputSchema) return;
  const invalid = firstInvalidRow(rows, doc.inputSchema, doc.inputDefaults, vars);
  if (invalid) out.push(diag('PO3012', ref.range, `Row ${invalid.row} of '${rel}' ${invalid.detail}. Correct the row or the schema.`, { file: path, row: invalid.row }));
}

type RowProblem = { readonly row: number; readonly detail: string } | null;
/** Row checks by rows object (loadDataset keeps an unchanged file's) and by what else they read: schema, defaults, vars. */
const MAX_KEPT_CHECKS = 16;
const rowChecks = new WeakMap<readonly DatasetRow[], Map<string, RowProblem>>();

/** The first row (1-based) that the input schema rejects, merged over the defaults and the test's vars, and why. */
function firstInvalidRow(rows: readonly DatasetRow[], schema: Readonly<Record<string, unknown>>, defaults: Readonly<Record<string, unknown>>,
  vars: Readonly<Record<string, unknown>>): RowProblem {
  let key: string | undefined;
  try {
    key = JSON.stringify([schema, defaults, vars], exactly);
  } catch {
    // Circular (YAML aliases): checked every time.
  }
  let checks = rowChecks.get(rows);
  if (key !== undefined && checks?.has(key)) return checks.get(key) as RowProblem;
  const problem = checkRows(rows, schema, defaults, vars);
  if (key !== undefined) {
    if (!checks) rowChecks.set(rows, (checks = new Map<string, RowProblem>()));
    if (checks.size >= MAX_KEPT_CHECKS) checks.delete(checks.keys().next().value as string);
    checks.set(key, problem);
  }
  return problem;
}

/**
 * JSON's replacer, keeping apart what JSON would merge: NaN and ±Infinity (null in JSON) and undefined (dropped) become
 * strings that start with NUL, and a string that itself starts with NUL gets a second one.
 */
function exactly(_key: string, value: unknown): unknown {
  if (value === undefined) return '\u0000undefined';
  if (typeof value === 'number') return Number.isFinite(value) ? value : `\u0000${value}`;
  return typeof value === 'string' && value.startsWith('\u0000') ? `\u0000${value}` : value;
}

function checkRows(rows: readonly DatasetRow[], schema: Readonly<Record<string, unknown>>, defaults: Readonly<Record<string, unknown>>,
  vars: Readonly<Record<string, unknown>>): RowProblem {
  const validate = validatorFor(schema);
  if (validate instanceof Error) return null;
  for (let i = 0; i < rows.length; i++) {
    if (validate(validationInput(validate, defaults, vars, rows[i]))) continue;
    const err = validate.errors?.[0];
    const params = (err?.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
    const detail = params.missingProperty ? `does not set the required input '${params.missingProperty}'`
      : params.additionalProperty ? `sets '${params.additionalProperty}', which \`input.schema\` does not declare`
        : `has '${err?.instancePath.slice(1).replace(/\//g, '.')}' that ${err?.message ?? 'is invalid'}`;
    return { row: i + 1, detail };
  }
  return null;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
