// Reading and parsing prompt files for the commands, and printing diagnostics in the compiler format.
import { DatasetError, datasetPath, loadDataset } from '../core/promptFile/dataset';
import type { Diagnostic, PromptDocument, TestSpec } from '../core/promptFile/model';
import { UsageError } from './args';
import { parse } from '../core/promptFile/parse';
import { displayPath, nodeFileSystem } from './files';
import { CliError } from './io';

/** Reads and parses a prompt file; an unreadable file is a CliError naming it. */
export async function readPrompt(path: string, cwd: string): Promise<PromptDocument> {
  let text: string;
  try {
    text = await nodeFileSystem.readFile(path);
  } catch (e) {
    throw new CliError(`${displayPath(cwd, path)}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parse(text);
}

/** `file:line:col: severity code message`, 1-based, as compilers print it (and editors' problem matchers read it). */
export function formatDiagnostic(cwd: string, path: string, d: Diagnostic): string {
  const message = d.message.replace(/\r?\n/g, ' ');
  return `${displayPath(cwd, path)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${message}`;
}

/** Error diagnostics first by position; a stable order keeps CI logs diffable. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
}

/** The test named on the command line (`--test NAME`); a UsageError lists the file's tests when there is none. */
export function namedTest(document: PromptDocument, name: string, fileArg: string): TestSpec {
  const test = document.tests.find((t) => t.name === name);
  if (test !== undefined) return test;
  const names = document.tests.map((t) => `"${t.name}"`).join(', ');
  throw new UsageError(`no test named "${name}" in ${fileArg}${names !== '' ? `; tests: ${names}` : ' (it has no tests)'}`);
}

/**
 * The vars a command line starts from with `--test NAME`: the test's own, with one row of its dataset (`--row N`,
 * 1-based, default the first) merged over them as a test run merges each row.
 */
export async function testVars(test: TestSpec, file: string, cwd: string, row: number | undefined): Promise<Record<string, unknown>> {
  if (test.dataset === undefined) {
    if (row !== undefined) throw new UsageError(`--row: test "${test.name}" has no dataset (\`file:\`), so it has no rows`);
    return { ...test.vars };
  }
  const path = datasetPath(test.dataset.value, file);
  let rows: readonly Readonly<Record<string, unknown>>[];
  try {
    rows = await loadDataset(path, nodeFileSystem);
  } catch (e) {
    throw new CliError(e instanceof DatasetError ? `dataset of test "${test.name}": ${e.message.replace(path, displayPath(cwd, path))}` : String(e));
  }
  const n = row ?? 1;
  if (rows.length === 0) throw new CliError(`the dataset ${displayPath(cwd, path)} of test "${test.name}" has no rows`);
  if (n > rows.length) throw new UsageError(`--row ${n}: the dataset of test "${test.name}" has ${rows.length} row(s)`);
  return { ...test.vars, ...rows[n - 1] };
}
