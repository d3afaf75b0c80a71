// Incremental frontmatter YAML. The text is cut into its top-level keys and, for a top-level block sequence such as
// `tests:`, into the items of that sequence; each chunk is parsed alone and cached by its text, so a keystroke
// re-parses one chunk. A chunk's result is kept only when it is clean (no YAML errors or warnings, no aliases, one
// string key or one item); any doubt returns undefined and the caller parses the whole text, so the result always
// equals a whole parse (test/unit/promptFile/yamlChunks.test.ts checks this over random edits).
import { isAlias, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { detached } from './detach';
import type { Range } from './model';
import { LineIndex } from './positions';
import { passesFastCheck, readFastRoot, visit } from './yamlFast';
import { indexNode, parseYaml, type KeyEntry, type YamlResult } from './yamlFrontmatter';
import { NodeIndexBuilder } from './yamlIndex';
import { NodeInfo, YamlLocator } from './yamlNodeInfo';

/** A chunk's indexed nodes placed with its first line at file line `line`, item paths starting with `prefix` (`tests[3]`). */
interface Placed {
  readonly line: number;
  readonly prefix: string;
  readonly entries: readonly NodeInfo[];
}

/** A parsed chunk: a top-level `key: value` pair, or one item of a top-level sequence. */
interface Chunk {
  readonly value: unknown;
  /** The shape of the entries (as NodeIndexBuilder collects it), which does not change when they move. */
  readonly shape: Shape;
  /** The top-level key (pair chunks). */
  readonly key?: string;
  /** For item chunks: the range of the (one-item) sequence, in chunk-relative lines. */
  readonly seqRange?: Range;
  /** The entries at their last place (where they were read, at first), reused while the chunk does not move. */
  placed: Placed;
}

const MAX_CACHED_CHUNKS = 4000;
/** Chunks by their text: sequence items and top-level pairs apart, so the text itself is the key (no prefixed copy). */
const itemChunks = new Map<string, Chunk | null>();
const pairChunks = new Map<string, Chunk | null>();
/** Keys the yaml package resolves to something other than that string, or that are unsafe as object keys. */
const SPECIAL_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|__proto__)$/;
const SIMPLE_KEY_LINE = /^([A-Za-z_][A-Za-z0-9_.-]*):[ \t]*$/;

/** Forgets every cached chunk (benchmarks measure cold parses with it). */
export function clearYamlChunkCache(): void {
  itemChunks.clear();
  pairChunks.clear();
}

/** Parses the YAML between `start` and `end` chunk by chunk; undefined when only a whole parse can be trusted. */
export function parseYamlChunked(text: string, start: number, end: number, index: LineIndex): YamlResult | undefined {
  const source = text.slice(start, end);
  // A lone \r is a line break to LineIndex; cutting there is not worth the doubt.
  if (/\r(?!\n)/.test(source)) return undefined;
  const baseLine = index.positionAt(start).line;
  const lines = lineStartsIn(index, baseLine, start, end);
  const tops = topLevelLines(source, lines);
  if (!tops) return undefined;
  // Checked once here, the chunks (cut at line starts) need no check of their own.
  const checked = passesFastCheck(source);
  const data: Record<string, unknown> = {};
  const seen = new Set<string>();
  const built = new NodeIndexBuilder();
  for (let t = 0; t < tops.length; t++) {
    const from = t === 0 ? 0 : tops[t];
    const toLine = t + 1 < tops.length ? tops[t + 1] : lines.length;
    const joined = joinTopLevel(source, lines, from, tops[t], toLine, baseLine, built, { start, index, checked });
    if (!joined || seen.has(joined.key)) return undefined;
    seen.add(joined.key);
    data[joined.key] = joined.value;
  }
  return { data, nodes: built.build(), keys: built.keys as KeyEntry[], diagnostics: [] };
}

/** Parses one top-level key (as a whole, or item by item when its value is a block sequence) and adds its nodes. */
function joinTopLevel(source: string, lines: readonly number[], fromLine: number, keyLine: number, toLine: number, baseLine: number,
  built: NodeIndexBuilder, place: Place): { key: string; value: unknown } | undefined {
  // Where a chunk starting at a line of `source` sits in the file, so a chunk read for the first time is read in place.
  const at = (line: number): ChunkPlace => ({ offset: place.start + lines[line], line: baseLine + line, index: place.index, checked: place.checked });
  const items = fromLine === keyLine ? sequenceItems(source, lines, keyLine, toLine) : undefined;
  if (!items) {
    const chunk = cachedChunk(sliceLines(source, lines, fromLine, toLine), false, at(fromLine), '');
    if (!chunk?.key) return undefined;
    add(chunk, baseLine + fromLine, '', built);
    return { key: chunk.key, value: chunk.value };
  }
  const key = (SIMPLE_KEY_LINE.exec(lineText(source, lines, keyLine)) as RegExpExecArray)[1];
  const chunks: Chunk[] = [];
  for (let i = 0; i < items.length; i++) {
    const chunk = cachedChunk(sliceLines(source, lines, items[i], i + 1 < items.length ? items[i + 1] : toLine), true, at(items[i]), `${key}[${i}]`);
    if (!chunk?.seqRange) return undefined;
    chunks.push(chunk);
  }
  const line = baseLine + keyLine;
  const first = (chunks[0].seqRange as Range).start;
  const last = (chunks[chunks.length - 1].seqRange as Range).end;
  const seq = built.open(new NodeInfo(key, line, 0, line, key.length,
    first.line + baseLine + items[0], first.character, last.line + baseLine + items[items.length - 1], last.character), key);
  for (let i = 0; i < chunks.length; i++) add(chunks[i], baseLine + items[i], `${key}[${i}]`, built, i);
  built.close(seq);
  return { key, value: chunks.map((c) => c.value) };
}

/** Adds a chunk's entries at `line`; item chunks (number `item`) get `prefix` in place of the one they were placed with. */
function add(chunk: Chunk, line: number, prefix: string, built: NodeIndexBuilder, item?: number): void {
  let placed = chunk.placed;
  if (placed.line !== line || placed.prefix !== prefix) {
    const from = placed;
    const entries = from.entries.map((e) => e.moved(prefix + e.path.slice(from.prefix.length), line - from.line));
    placed = { line, prefix, entries };
    chunk.placed = placed;
  }
  const { names, ends, plain } = chunk.shape;
  built.append(placed.entries, names, ends, plain, item);
}

/** A chunk's node names, subtree ends (from its first entry) and whether its key paths are unambiguous. */
interface Shape {
  readonly names: readonly (string | number)[];
  readonly ends: readonly number[];
  readonly plain: boolean;
}

function shapeOf(built: NodeIndexBuilder): Shape {
  return { names: built.names, ends: built.ends, plain: built.plain };
}

/** Where a chunk's text starts in the file: its offset and line, and the file's line index. */
interface ChunkPlace {
  readonly offset: number;
  readonly line: number;
  readonly index: LineIndex;
  /** The whole YAML text passed passesFastCheck, so this chunk does too. */
  readonly checked: boolean;
}

/** Where the YAML source starts in the file, and whether it passed passesFastCheck. */
interface Place {
  readonly start: number;
  readonly index: LineIndex;
  readonly checked: boolean;
}

function cachedChunk(text: string, isItem: boolean, place: ChunkPlace, prefix: string): Chunk | null {
  const cache = isItem ? itemChunks : pairChunks;
  // A copy, made first: the values read from it (and so the cache) would otherwise keep this version of the whole file
  // alive, and the lookup computes the copy's hash, which the insert after a miss then reuses.
  const own = detached(text);
  const hit = cache.get(own);
  if (hit !== undefined) return hit;
  let chunk: Chunk | null;
  try {
    chunk = parseChunk(own, isItem, place, prefix);
  } catch {
    chunk = null;
  }
  if (cache.size >= MAX_CACHED_CHUNKS) cache.delete(cache.keys().next().value as string);
  cache.set(own, chunk);
  return chunk;
}

/** Parses one chunk alone; null unless it is clean enough to stand for its part of a whole parse. */
function parseChunk(text: string, isItem: boolean, place: ChunkPlace, prefix: string): Chunk | null {
  // YAML drops a byte order mark at the start of a stream, so a chunk that starts with one would lose a character
  // that the whole document keeps (in a key, say); the whole parse reads such a file instead.
  if (text.charCodeAt(0) === 0xfeff) return null;
  const fast = fastChunk(text, isItem, place, prefix);
  if (fast) return fast;
  const doc = parseYaml(text);
  if (doc.errors.length > 0 || doc.warnings.length > 0) return null;
  const root = doc.contents;
  if (!root || hasAlias(root)) return null;
  // Read in chunk-relative lines with `[0]` for the item's index; add() places the entries.
  const local = new LineIndex(text);
  const locator = new YamlLocator(text, 0, local);
  const built = new NodeIndexBuilder(false);
  const entries = built.infos;
  if (isItem) {
    if (!isSeq(root) || root.items.length !== 1 || !root.range) return null;
    // In the whole document the sequence is the value of a top-level key, one level down.
    indexNode(root, '', 1, built, locator);
    const value = (doc.toJS() as unknown[])[0];
    return { value, seqRange: locator.range(root.range[0], root.range[1]), shape: shapeOf(built), placed: { line: 0, prefix: '[0]', entries } };
  }
  // A flow mapping on a line of its own (`{a: 1}`) reads alone as a key `a`, but in the whole document it is a key
  // with no value, an error there.
  if (!isMap(root) || root.flow === true || root.items.length !== 1) return null;
  const keyNode = root.items[0].key as YamlNode | null;
  if (!isScalar(keyNode) || typeof keyNode.value !== 'string' || SPECIAL_KEY.test(keyNode.value)) return null;
  const key = keyNode.value;
  indexNode(root, '', 0, built, locator);
  const value = (doc.toJS() as Record<string, unknown>)[key];
  return { value, key, shape: shapeOf(built), placed: { line: 0, prefix: '', entries } };
}

/**
 * The chunk read by the fast reader (yamlFast.ts), which yields what `yaml` would; undefined when it cannot. It is
 * read in place: ranges in the file's lines and item paths under `prefix`, so placing it there again costs nothing.
 */
function fastChunk(text: string, isItem: boolean, place: ChunkPlace, prefix: string): Chunk | undefined {
  const root = readFastRoot(text, isItem, place.checked);
  if (!root) return undefined;
  const locator = new YamlLocator(text, place.offset, place.index);
  const built = new NodeIndexBuilder(false);
  const placed: Placed = { line: place.line, prefix, entries: built.infos };
  if (isItem) {
    const item = root.items?.length === 1 ? root.items[0] : undefined;
    if (!item) return undefined;
    // As visit(root, '', 1, …) reports it, with the item's path `prefix` in place of `[0]`.
    const at = built.open(locator.item(prefix, item.start, item.end), 0);
    visit(item, prefix, 2, built, locator);
    built.close(at);
    const seq = locator.range(root.start, root.end);
    const seqRange: Range = { start: shift(seq.start, -place.line), end: shift(seq.end, -place.line) };
    return { value: item.value, seqRange, shape: shapeOf(built), placed };
  }
  if (root.pairs?.length !== 1 || SPECIAL_KEY.test(root.pairs[0].key)) return undefined;
  visit(root, '', 0, built, locator);
  return { value: root.pairs[0].value.value, key: root.pairs[0].key, shape: shapeOf(built), placed };
}

function hasAlias(node: YamlNode | null): boolean {
  if (!node) return false;
  if (isAlias(node)) return true;
  if (isMap(node)) return node.items.some((p) => hasAlias(p.key as YamlNode | null) || hasAlias(p.value as YamlNode | null));
  if (isSeq(node)) return node.items.some((i) => hasAlias(i as YamlNode | null));
  return false;
}

/** The line indexes of top-level keys; undefined when something other than comments comes before the first one. */
function topLevelLines(source: string, lines: readonly number[]): number[] | undefined {
  const tops: number[] = [];
  for (let l = 0; l < lines.length; l++) {
    const c = source.charCodeAt(lines[l]);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 35 || Number.isNaN(c)) continue;
    // `- x` at column 0 continues a sequence (`tests:\n- name: a`); `-x` is a key.
    if (c === 45 && isBlankOrEnd(source.charCodeAt(lines[l] + 1))) {
      if (tops.length === 0) return undefined;
      continue;
    }
    tops.push(l);
  }
  return tops.length > 0 ? tops : undefined;
}

/** Item start lines when the key on `keyLine` is `key:` followed directly by a block sequence; else undefined. */
function sequenceItems(source: string, lines: readonly number[], keyLine: number, toLine: number): number[] | undefined {
  const m = SIMPLE_KEY_LINE.exec(lineText(source, lines, keyLine));
  if (!m || SPECIAL_KEY.test(m[1]) || keyLine + 1 >= toLine) return undefined;
  const first = lineText(source, lines, keyLine + 1);
  const indent = first.length - first.trimStart().length;
  if (!isItemStart(first, indent) || first.slice(0, indent).includes('\t')) return undefined;
  const items: number[] = [];
  for (let l = keyLine + 1; l < toLine; l++) if (isItemAt(source, lines[l], indent)) items.push(l);
  return items;
}

/** isItemStart with no tab in the indent, on the line starting at `p` (a line break is no space, so it stops there). */
function isItemAt(source: string, p: number, indent: number): boolean {
  for (let k = 0; k < indent; k++) if (source.charCodeAt(p + k) !== 32) return false;
  return source.charCodeAt(p + indent) === 45 && isBlankOrEnd(source.charCodeAt(p + indent + 1));
}

function isItemStart(line: string, indent: number): boolean {
  return line.charCodeAt(indent) === 45 && isBlankOrEnd(line.charCodeAt(indent + 1)) && /^[ \t]*$/.test(line.slice(0, indent));
}

function isBlankOrEnd(c: number): boolean {
  return Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * The line starts of `text.slice(start, end)`, relative to `start`, as a LineIndex of that slice would find them: read
 * from the file's index (whose line `startLine` holds `start`), not by scanning the text again.
 */
function lineStartsIn(index: LineIndex, startLine: number, start: number, end: number): number[] {
  const all = index.lineStarts();
  const lines = [0];
  for (let l = startLine + 1; l < all.length && all[l] <= end; l++) if (all[l] > start) lines.push(all[l] - start);
  return lines;
}

function lineText(source: string, lines: readonly number[], l: number): string {
  const end = l + 1 < lines.length ? lines[l + 1] : source.length;
  return source.slice(lines[l], end).replace(/[\r\n]+$/, '');
}

function sliceLines(source: string, lines: readonly number[], from: number, to: number): string {
  return source.slice(lines[from], to < lines.length ? lines[to] : source.length);
}

function shift(p: Range['start'], line: number): Range['start'] {
  return { line: p.line + line, character: p.character };
}
