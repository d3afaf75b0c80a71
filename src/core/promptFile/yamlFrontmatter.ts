// Reads the frontmatter YAML with the `yaml` package, keeping the exact range of every key and value.
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { detached } from './detach';
import { diag } from './diagnosticCodes';
import type { Diagnostic, Range } from './model';
import type { LineIndex } from './positions';
import { NodeIndex, NodeIndexBuilder } from './yamlIndex';
import { YamlLocator } from './yamlNodeInfo';

export type { NodeInfo } from './yamlNodeInfo';

export interface YamlResult {
  readonly data: Record<string, unknown> | null;
  /** Ranges of keys and sequence items, by place or by path (`model`, `tests[0].assert[1].type`). */
  readonly nodes: NodeIndex;
  readonly keys: KeyEntry[];
  readonly diagnostics: Diagnostic[];
}

/** A key path with the ranges of its key and value (the NodeInfo of a mapping key). */
export type KeyEntry = { readonly path: string; readonly keyRange: Range; readonly valueRange?: Range };

/** Alias expansions allowed when turning YAML into data; a bomb needs far more. */
const MAX_ALIAS_COUNT = 200;
/** Nesting deeper than this is not indexed (the data is still read). */
const MAX_INDEX_DEPTH = 64;

/** How the frontmatter is parsed, whole or in chunks. */
export const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false, logLevel: 'error' } as const;

/** parseDocument without stack traces: broken YAML yields an error object per problem, and their stacks are unused. */
export function parseYaml(source: string): ReturnType<typeof parseDocument> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseDocument(source, YAML_OPTIONS);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Parses the YAML between the fences; offsets are absolute in the file. Never throws. */
export function parseFrontmatterYaml(text: string, start: number, end: number, index: LineIndex): YamlResult {
  // A copy: the data read from it is cached with the frontmatter, past this version of the file.
  const source = detached(text.slice(start, end));
  const diagnostics: Diagnostic[] = [];
  const locator = new YamlLocator(source, start, index);
  const range: RangeFn = (a, b) => locator.range(a, b);
  let doc;
  try {
    doc = parseYaml(source);
  } catch (e) {
    diagnostics.push(diag('PO1002', index.range(start, end), `The frontmatter could not be read as YAML (${errorText(e)}). Simplify it.`));
    return { data: null, nodes: NodeIndex.empty(), keys: [], diagnostics };
  }
  for (const e of doc.errors) {
    diagnostics.push(diag('PO1002', range(e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)), `YAML: ${firstLine(e.message)}.`, { yamlCode: e.code }));
  }
  for (const w of doc.warnings) {
    diagnostics.push(diag('PO1003', range(w.pos[0], Math.max(w.pos[1], w.pos[0] + 1)), `YAML: ${firstLine(w.message)}.`, { yamlCode: w.code }));
  }
  const built = new NodeIndexBuilder();
  try {
    indexNode(doc.contents, '', 0, built, locator);
  } catch {
    // Indexing is best effort: a pathological tree still yields the data and the diagnostics. The nodes left open
    // have no subtree end, so the index answers by path.
    built.ambiguous();
  }
  const nodes = built.build();
  const keys = built.keyList() as KeyEntry[];
  let data: unknown = null;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const msg = errorText(e);
    if (/alias/i.test(msg)) {
      diagnostics.push(diag('PO1005', firstAliasRange(doc.contents, range) ?? index.range(start, end),
        `The YAML aliases expand to too much data (more than ${MAX_ALIAS_COUNT} expansions). Remove the anchors/aliases that repeat each other.`));
    } else if (doc.errors.length === 0) {
      diagnostics.push(diag('PO1002', index.range(start, end), `The frontmatter could not be read as YAML (${msg}).`));
    }
    return { data: null, nodes, keys, diagnostics };
  }
  if (data === null || data === undefined) return { data: {}, nodes, keys, diagnostics };
  if (typeof data !== 'object' || Array.isArray(data)) {
    const contents = doc.contents;
    const r = contents?.range ? range(contents.range[0], contents.range[1]) : index.range(start, end);
    diagnostics.push(diag('PO1004', r, `The frontmatter is ${Array.isArray(data) ? 'a list' : 'a single value'}, not a mapping. Write it as \`key: value\` lines (e.g. \`model: openai/gpt-4o-mini\`).`));
    return { data: null, nodes, keys, diagnostics };
  }
  return { data: data as Record<string, unknown>, nodes, keys, diagnostics };
}

/** A range from offsets in the YAML text. */
export type RangeFn = (a: number, b: number) => Range;

/** Visits a composed YAML node depth first, adding the key and sequence item infos in it to `out`. */
export function indexNode(node: YamlNode | null, path: string, depth: number, out: NodeIndexBuilder, at: YamlLocator): void {
  if (!node || depth > MAX_INDEX_DEPTH) return;
  if (isMap(node)) {
    // Keys that differ in YAML (`1` and `"1"`) can read to the same text, and so to the same path.
    const seen = out.plain ? new Set<string>() : undefined;
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as YamlNode | null;
      if (!key?.range) continue;
      const keyText = isScalar(key) ? String(key.value) : String(key);
      const childPath = path ? `${path}.${keyText}` : keyText;
      const value = pair.value as YamlNode | null;
      const v = value?.range;
      if (seen) {
        if (seen.has(keyText)) out.ambiguous();
        seen.add(keyText);
      }
      const opened = out.open(at.pair(childPath, key.range[0], key.range[1], v ? v[0] : -1, v ? v[1] : -1), keyText);
      if (!isAlias(value)) indexNode(value, childPath, depth + 1, out, at);
      out.close(opened);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const child = item as YamlNode | null;
      if (!child?.range) return;
      const childPath = `${path}[${i}]`;
      const opened = out.open(at.item(childPath, child.range[0], child.range[1]), i);
      if (!isAlias(child)) indexNode(child, childPath, depth + 1, out, at);
      out.close(opened);
    });
  }
}

function firstAliasRange(node: YamlNode | null, range: RangeFn): Range | undefined {
  const stack: (YamlNode | null)[] = [node];
  let steps = 0;
  while (stack.length > 0 && steps++ < 100_000) {
    const n = stack.pop();
    if (!n) continue;
    if (isAlias(n)) return n.range ? range(n.range[0], n.range[1]) : undefined;
    if (isMap(n)) for (const p of n.items) stack.push(p.value as YamlNode | null, p.key as YamlNode | null);
    else if (isSeq(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i] as YamlNode | null);
  }
  return undefined;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  return line.endsWith('.') ? line.slice(0, -1) : line;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}
