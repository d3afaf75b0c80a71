// Loads a test dataset (`file:` in a test) into rows of vars: JSON Lines, CSV (header row), YAML or JSON list.
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { FileSystem } from '../io';
import { CsvError, parseCsv } from './csv';

export type DatasetRow = Readonly<Record<string, unknown>>;

/** A dataset that cannot be used, naming the file and (when known) the 1-based line. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  constructor(readonly file: string, message: string, readonly line?: number) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${message}`);
  }
}

/** The file a test's `file:` reference names: absolute, or relative to the prompt file (a `file:` prefix allowed). */
export function datasetPath(ref: string, promptFile: string): string {
  const rel = ref.replace(/^file:(\/\/)?/, '');
  return isAbsolute(rel) ? rel : resolve(dirname(promptFile), rel);
}

/** The dataset extensions PromptOps reads. */
export const DATASET_EXTENSIONS: readonly string[] = ['.jsonl', '.csv', '.yaml', '.yml', '.json'];

/** Datasets kept per file system, per file: the editor asks for the same ones on every keystroke. */
const MAX_KEPT_DATASETS = 8;
/** The most text (in characters) whose rows are kept per file system; the least recently used go first. */
export const MAX_KEPT_DATASET_CHARS = 16 * 1024 * 1024;
interface KeptDataset {
  readonly version: string;
  readonly rows: Promise<readonly DatasetRow[]>;
  /** The file's length once read (0 until then, and for a file that could not be read). */
  chars: number;
}
const kept = new WeakMap<FileSystem, Map<string, KeptDataset>>();

/**
 * Reads a dataset file into rows; throws DatasetError (file, line, what to do) when it cannot. When `fs` tells file
 * versions, the rows (or the error) of an unchanged file are the ones read before: shared, so never change them.
 */
export async function loadDataset(absPath: string, fs: FileSystem): Promise<readonly DatasetRow[]> {
  const ext = extensionOf(absPath);
  if (!DATASET_EXTENSIONS.includes(ext)) {
    throw new DatasetError(absPath, `unsupported dataset type '${ext || '(none)'}'; use .jsonl, .csv, .yaml or .json`);
  }
  const version = fs.version ? await fs.version(absPath).catch(() => undefined) : undefined;
  if (version === undefined) return readDataset(absPath, fs);
  const files = keptFor(fs);
  const hit = files.get(absPath);
  files.delete(absPath);
  if (hit?.version === version) {
    files.set(absPath, hit);
    return hit.rows;
  }
  // The version is taken before the read: a file changed in between is read again next time, never kept stale.
  const entry: KeptDataset = { version, rows: readDataset(absPath, fs, (chars) => (entry.chars = chars)), chars: 0 };
  files.set(absPath, entry);
  if (files.size > MAX_KEPT_DATASETS) files.delete(files.keys().next().value as string);
  void entry.rows.then(() => fitKept(files), () => undefined);
  return entry.rows;
}

function keptFor(fs: FileSystem): Map<string, KeptDataset> {
  let files = kept.get(fs);
  if (!files) kept.set(fs, (files = new Map<string, KeptDataset>()));
  return files;
}

/** Lets a dataset bigger than MAX_KEPT_DATASET_CHARS go, then the least recently used until the rest fit. */
function fitKept(files: Map<string, KeptDataset>): void {
  let total = 0;
  for (const [path, entry] of files) {
    if (entry.chars > MAX_KEPT_DATASET_CHARS) files.delete(path);
    else total += entry.chars;
  }
  for (const [path, entry] of files) {
    if (total <= MAX_KEPT_DATASET_CHARS) return;
    files.delete(path);
    total -= entry.chars;
  }
}

async function readDataset(absPath: string, fs: FileSystem, onRead?: (chars: number) => void): Promise<DatasetRow[]> {
  let text: string;
  try {
    text = await fs.readFile(absPath);
  } catch (e) {
    throw new DatasetError(absPath, `cannot be read (${e instanceof Error ? e.message : String(e)}); check the \`file:\` path, relative to the prompt file`);
  }
  onRead?.(text.length);
  return parseDataset(absPath, text);
}

/** Parses dataset text by the file's extension; throws DatasetError. */
export function parseDataset(file: string, text: string): DatasetRow[] {
  switch (extensionOf(file)) {
    case '.jsonl': return parseJsonl(file, text);
    case '.csv': return parseCsvRows(file, text);
    case '.json': return rowsOf(file, parseJson(file, text), () => undefined);
    default: return parseYamlRows(file, text);
  }
}

function parseJsonl(file: string, text: string): DatasetRow[] {
  const rows: DatasetRow[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new DatasetError(file, `not valid JSON (${e instanceof Error ? e.message : String(e)}); each line must be one JSON object`, i + 1);
    }
    if (!isRow(value)) throw new DatasetError(file, `expected a JSON object such as {"text": "..."}, found ${kind(value)}`, i + 1);
    rows.push(value);
  });
  return rows;
}

function parseCsvRows(file: string, text: string): DatasetRow[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) throw new DatasetError(file, e.message, e.line);
    throw e;
  }
  if (records.length === 0) return [];
  const [header, ...data] = records;
  const names = header.fields.map((f) => f.trim());
  const blank = names.findIndex((n) => n === '');
  if (blank >= 0) throw new DatasetError(file, `column ${blank + 1} of the header row has no name; name every column`, header.line);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new DatasetError(file, `the header names column '${dup}' twice; give each column its own name`, header.line);
  return data.map((r) => {
    if (r.fields.length !== names.length) {
      throw new DatasetError(file, `this row has ${r.fields.length} fields but the header has ${names.length}; quote fields that contain commas`, r.line);
    }
    const row: Record<string, unknown> = {};
    names.forEach((n, i) => (row[n] = r.fields[i]));
    return row;
  });
}

function parseYamlRows(file: string, text: string): DatasetRow[] {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  const first = doc.errors[0];
  if (first) throw new DatasetError(file, first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), first.linePos?.[0].line);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 200 });
  } catch (e) {
    throw new DatasetError(file, `cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  return rowsOf(file, value, (i) => {
    const items = (doc.contents as { items?: { range?: [number, number, number] }[] } | null)?.items;
    const offset = items?.[i]?.range?.[0];
    return offset === undefined ? undefined : text.slice(0, offset).split(/\r\n|\n|\r/).length;
  });
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new DatasetError(file, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

function rowsOf(file: string, value: unknown, lineOf: (index: number) => number | undefined): DatasetRow[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new DatasetError(file, `expected a list of rows (mappings of var names to values), found ${kind(value)}`);
  return value.map((row, i) => {
    if (!isRow(row)) throw new DatasetError(file, `row ${i + 1} is ${kind(row)}, not a mapping of var names to values`, lineOf(i));
    return row;
  });
}

function isRow(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `a ${typeof v}`;
}

function extensionOf(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}
