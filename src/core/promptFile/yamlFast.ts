// A hand-written reader for the YAML that prompt frontmatter really uses: block maps and sequences, one-line plain,
// quoted and flow scalars, block scalars, trailing comments and top-level comment lines. It yields exactly the data,
// ranges and keys of a whole `yaml` parse (yamlFrontmatter.ts), about ten times faster; anything outside that subset
// (anchors, tags, multi-line plain or quoted scalars, tabs, odd indentation, anything the `yaml` package would
// complain about) returns undefined and the caller parses with `yaml`. test/unit/promptFile/yamlFast.property.test.ts
// checks the equality on random documents.
import { detached } from './detach';
import type { LineIndex } from './positions';
import type { KeyEntry, YamlResult } from './yamlFrontmatter';
import { Reader, type FastNode } from './yamlFastReader';
import { NodeIndexBuilder } from './yamlIndex';
import { YamlLocator } from './yamlNodeInfo';

/** Tabs, control characters, BOMs, lone carriage returns, directives and document markers are left to `yaml`. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const REJECT = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]|\r(?!\n)|^(?:---|\.\.\.|%)/m;

/** Reads the YAML between `start` and `end` of `text` like parseFrontmatterYaml; undefined outside the subset. */
export function readYamlFast(text: string, start: number, end: number, index: LineIndex): YamlResult | undefined {
  // A copy: the values read from it are interned (and cached with the frontmatter) past this version of the file.
  const src = detached(text.slice(start, end));
  const root = readFastRoot(src, false);
  if (!root) return undefined;
  const data = internTopLevel(src, root);
  const built = new NodeIndexBuilder();
  visit(root, '', 0, built, new YamlLocator(src, start, index));
  return { data, nodes: built.build(), keys: built.keys as KeyEntry[], diagnostics: [] };
}

const MAX_INTERNED = 4000;
/** Top-level values (and items of top-level sequences) by their text, so unchanged ones keep their objects. */
const interned = new Map<string, unknown>();

/** Forgets the interned values (benchmarks measure cold parses with it). */
export function clearYamlFastCache(): void {
  interned.clear();
}

/**
 * The data with every top-level value, and every item of a top-level block sequence, replaced by the object read
 * from the same text before: later checks cache their results by object (schemaDiagnostics.ts, testDiagnostics.ts),
 * so a keystroke re-checks only the part it changed. The same text in the same place always reads to equal data.
 */
function internTopLevel(src: string, root: FastNode): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const pairs = root.pairs ?? [];
  pairs.forEach((pair, i) => {
    const end = i + 1 < pairs.length ? pairs[i + 1].start : src.length;
    const { items, dashes } = pair.value;
    if (!items || !dashes) {
      data[pair.key] = intern(`m${src.slice(pair.start, end)}`, pair.value.value);
      return;
    }
    const starts = dashes.map((dash) => src.lastIndexOf('\n', dash - 1) + 1);
    // An item's text runs from its own line to the next item's; the first keeps the key line so the key is in it.
    data[pair.key] = items.map((item, j) => intern(`s${src.slice(j === 0 ? pair.start : starts[j], j + 1 < items.length ? starts[j + 1] : end)}`, item.value));
  });
  return data;
}

function intern(key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const hit = interned.get(key);
  if (hit !== undefined) return hit;
  if (interned.size >= MAX_INTERNED) interned.delete(interned.keys().next().value as string);
  interned.set(key, value);
  return value;
}

/** True when `src` has nothing the fast reader leaves to `yaml` character by character; every part of it then passes too. */
export function passesFastCheck(src: string): boolean {
  return !REJECT.test(src);
}

/**
 * The node tree of `src`: a block mapping at column 0, or (`sequence`) a block sequence at any column, as the chunks
 * of yamlChunks.ts are; undefined outside the subset. `checked` when the text that `src` was cut from at line starts
 * passed passesFastCheck (a part of it cut at line starts then passes as well).
 */
export function readFastRoot(src: string, sequence: boolean, checked = false): FastNode | undefined {
  if (!checked && REJECT.test(src)) return undefined;
  const reader = new Reader(src);
  try {
    const first = reader.seek(0);
    if (first < 0) return undefined;
    const col = reader.col;
    if (sequence !== reader.isItem(first + col) || (!sequence && col !== 0)) return undefined;
    const root = sequence ? reader.seq(first + col, col, false, 0) : reader.map(first, 0, 0);
    // A sequence ends at a line left of it; that line would be the `yaml` package's problem.
    return reader.seek(reader.next) < 0 ? root : undefined;
  } catch {
    // UNSUPPORTED, or anything unforeseen: the `yaml` package decides.
    return undefined;
  }
}

/** Adds keys and items in the order and with the paths of indexNode in yamlFrontmatter.ts. */
export function visit(node: FastNode, path: string, depth: number, out: NodeIndexBuilder, at: YamlLocator): void {
  if (depth > 64) return;
  // The reader rejects duplicate keys, so only a key's text can make paths ambiguous (NodeIndexBuilder checks it).
  if (node.pairs) {
    for (const p of node.pairs) {
      const childPath = path ? `${path}.${p.key}` : p.key;
      const opened = out.open(at.pair(childPath, p.start, p.end, p.value.start, p.value.end), p.key);
      visit(p.value, childPath, depth + 1, out, at);
      out.close(opened);
    }
  } else if (node.items) {
    const items = node.items;
    for (let i = 0; i < items.length; i++) {
      const childPath = `${path}[${i}]`;
      const opened = out.open(at.item(childPath, items[i].start, items[i].end), i);
      visit(items[i], childPath, depth + 1, out, at);
      out.close(opened);
    }
  }
}
