// Incremental frontmatter YAML. The text is cut into its top-level keys and, for a top-level block sequence such as
// `tests:`, into the items of that sequence; each chunk is parsed alone and cached by its text, so a keystroke
// re-parses one chunk. A chunk's result is kept only when it is clean (no YAML errors or warnings, no aliases, one
// string key or one item); any doubt returns undefined and the caller parses the whole text, so the result always
// equals a whole parse (test/unit/promptFile/yamlChunks.test.ts checks this over random edits).
import { isAlias, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { detached } from './detach';
import type { Range } from './model';
import { LineIndex } from './positions';
import { lineStartsIn, lineText, SIMPLE_KEY_LINE, sequenceItems, sliceLines, SPECIAL_KEY, topLevelLines } from './yamlChunkLines';
import { passesFastCheck, readRoot } from './yamlFast';
import { Reader } from './yamlFastReader';
import { indexNode, parseYaml, type KeyEntry, type YamlResult } from './yamlFrontmatter';
import { NodeIndexBuilder, plainName } from './yamlIndex';
import { NodeInfo, YamlLocator } from './yamlNodeInfo';

/** A chunk's infos placed with its first line at file line `line`, item paths starting with `prefix` (`tests[3]`). */
interface Placed {
  readonly line: number;
  readonly prefix: string;
  /** The infos, `infoFrom` on (the arrays of the builder that read them, until they move). */
  readonly infos: readonly NodeInfo[];
  readonly infoFrom: number;
}

/**
 * A parsed chunk: a top-level `key: value` pair, or one item of a top-level sequence. A chunk the fast reader reads
 * is read in place, into the whole file's builder, and keeps its nodes there: a cold parse copies no node.
 */
interface Chunk {
  readonly value: unknown;
  /** The top-level key (pair chunks). */
  readonly key?: string;
  /** For item chunks: the range of the (one-item) sequence, in chunk-relative lines. */
  readonly seqRange?: Range;
  /** Its nodes' names and subtree ends, `count` of them from `from` (the ends as that builder counts them). */
  names: readonly (string | number)[];
  ends: readonly number[];
  from: number;
  readonly count: number;
  /** Whether its key paths are unambiguous (as NodeIndexBuilder judges them). */
  readonly plain: boolean;
  /** The infos at their last place (where they were read, at first), reused while the chunk does not move. */
  placed: Placed;
}

const MAX_CACHED_CHUNKS = 4000;
/** Chunks by their text: sequence items and top-level pairs apart, so the text itself is the key (no prefixed copy). */
const itemChunks = new Map<string, Chunk | null>();
const pairChunks = new Map<string, Chunk | null>();

/**
 * Forgets every cached chunk (benchmarks measure cold parses with it). Cleared in place, not replaced by new maps: the
 * editor's caches are long-lived (in V8's old generation), so what a cold parse adds to them is copied and promoted by
 * the next minor collections. A cleared long-lived map costs a benchmark's cold parse the same; a new map after each
 * parse would die young and measure less collection work than the editor does.
 */
export function clearYamlChunkCache(): void {
  itemChunks.clear();
  pairChunks.clear();
}

/** Parses the YAML between `start` and `end` chunk by chunk; undefined when only a whole parse can be trusted. */
export function parseYamlChunked(text: string, start: number, end: number, index: LineIndex): YamlResult | undefined {
  const source = text.slice(start, end);
  // Checked once here, the chunks (cut at line starts) need no check of their own.
  const checked = passesFastCheck(source);
  // A lone \r is a line break to LineIndex; cutting there is not worth the doubt. The check above rejects it too, so
  // only a text that failed it is searched again.
  if (!checked && /\r(?!\n)/.test(source)) return undefined;
  const baseLine = index.positionAt(start).line;
  const lines = lineStartsIn(index, baseLine, start, end);
  const tops = topLevelLines(source, lines);
  if (!tops) return undefined;
  const data: Record<string, unknown> = {};
  const seen = new Set<string>();
  // Most lines of a frontmatter hold one key or item (`- name:` two, a flow list a few).
  const built = new NodeIndexBuilder(lines.length + (lines.length >> 2));
  const fresh: Chunk[] = [];
  for (let t = 0; t < tops.length; t++) {
    const from = t === 0 ? 0 : tops[t];
    const toLine = t + 1 < tops.length ? tops[t + 1] : lines.length;
    const joined = joinTopLevel(source, lines, from, tops[t], toLine, baseLine, built, { start, index, checked, fresh });
    if (!joined || seen.has(joined.key)) return undefined;
    seen.add(joined.key);
    data[joined.key] = joined.value;
  }
  // Chunks read in place keep this parse's arrays alive while they are cached: fine for the chunks of a cold parse,
  // whose arrays they mostly are, but the chunk a keystroke re-read gets arrays of its own.
  let freshNodes = 0;
  for (const chunk of fresh) freshNodes += chunk.count;
  if (freshNodes * 2 < built.size) for (const chunk of fresh) ownArrays(chunk, built);
  return { data, nodes: built.build(), keys: built.keyList() as KeyEntry[], diagnostics: [] };
}

/** Parses one top-level key (as a whole, or item by item when its value is a block sequence) and adds its nodes. */
function joinTopLevel(source: string, lines: readonly number[], fromLine: number, keyLine: number, toLine: number, baseLine: number,
  built: NodeIndexBuilder, place: Place): { key: string; value: unknown } | undefined {
  // Where a chunk starting at a line of `source` sits in the file, so a chunk read for the first time is read in place.
  const at = (line: number): ChunkPlace => ({ offset: place.start + lines[line], line: baseLine + line, index: place.index, checked: place.checked });
  const items = fromLine === keyLine ? sequenceItems(source, lines, keyLine, toLine) : undefined;
  if (!items) {
    const size = built.size;
    const chunk = cachedChunk(sliceLines(source, lines, fromLine, toLine), false, at(fromLine), '', built, place.fresh);
    if (!chunk?.key) return undefined;
    // A chunk read now was read into `built`, in place.
    if (built.size === size) add(chunk, baseLine + fromLine, '', built);
    return { key: chunk.key, value: chunk.value };
  }
  const key = (SIMPLE_KEY_LINE.exec(lineText(source, lines, keyLine)) as RegExpExecArray)[1];
  // The key's info needs the last item's end: its place is kept before its items are added.
  const seq = built.reserve(key, plainName(key));
  const values: unknown[] = [];
  let first: Range['start'] | undefined;
  let last: Range['end'] | undefined;
  for (let i = 0; i < items.length; i++) {
    const size = built.size;
    const prefix = `${key}[${i}]`;
    const chunk = cachedChunk(sliceLines(source, lines, items[i], i + 1 < items.length ? items[i + 1] : toLine), true, at(items[i]), prefix, built, place.fresh, i);
    if (!chunk?.seqRange) return undefined;
    if (built.size === size) add(chunk, baseLine + items[i], prefix, built, i);
    values.push(chunk.value);
    first ??= chunk.seqRange.start;
    last = chunk.seqRange.end;
  }
  const line = baseLine + keyLine;
  const a = first as Range['start'];
  const b = last as Range['end'];
  built.fill(seq, new NodeInfo(key, line, 0, line, key.length,
    a.line + baseLine + items[0], a.character, b.line + baseLine + items[items.length - 1], b.character));
  return { key, value: values };
}

/** Adds a chunk's nodes at `line`; item chunks (number `item`) get `prefix` in place of the one they were placed with. */
function add(chunk: Chunk, line: number, prefix: string, built: NodeIndexBuilder, item?: number): void {
  let placed = chunk.placed;
  if (placed.line !== line || placed.prefix !== prefix) {
    const { infos, infoFrom } = placed;
    const moved: NodeInfo[] = [];
    for (let k = 0; k < chunk.count; k++) {
      const e = infos[infoFrom + k];
      moved.push(e.moved(prefix + e.path.slice(placed.prefix.length), line - placed.line));
    }
    placed = { line, prefix, infos: moved, infoFrom: 0 };
    chunk.placed = placed;
  }
  built.append(placed.infos, placed.infoFrom, chunk.names, chunk.ends, chunk.from, chunk.count, chunk.plain, item);
}

/** Gives a chunk read in place into `built` arrays of its own. */
function ownArrays(chunk: Chunk, built: NodeIndexBuilder): void {
  const { from, count } = chunk;
  if (chunk.names === built.names) {
    chunk.names = chunk.names.slice(from, from + count);
    chunk.ends = chunk.ends.slice(from, from + count).map((e) => e - from);
    chunk.from = 0;
  }
  const placed = chunk.placed;
  if (placed.infos === built.infos) chunk.placed = { ...placed, infos: placed.infos.slice(placed.infoFrom, placed.infoFrom + count), infoFrom: 0 };
}

/** Where a chunk's text starts in the file: its offset and line, and the file's line index. */
interface ChunkPlace {
  readonly offset: number;
  readonly line: number;
  readonly index: LineIndex;
  /** The whole YAML text passed passesFastCheck, so this chunk does too. */
  readonly checked: boolean;
}

/** Where the YAML source starts in the file, whether it passed passesFastCheck, and the chunks read in place so far. */
interface Place {
  readonly start: number;
  readonly index: LineIndex;
  readonly checked: boolean;
  readonly fresh: Chunk[];
}

function cachedChunk(text: string, isItem: boolean, place: ChunkPlace, prefix: string, built: NodeIndexBuilder, fresh: Chunk[], item = 0): Chunk | null {
  const cache = isItem ? itemChunks : pairChunks;
  // A copy, made first: the values read from it (and so the cache) would otherwise keep this version of the whole file
  // alive, and the lookup computes the copy's hash, which the insert after a miss then reuses.
  const own = detached(text);
  const hit = cache.get(own);
  if (hit !== undefined) return hit;
  const size = built.size;
  const nonPlain = built.nonPlain;
  let chunk: Chunk | null;
  try {
    chunk = parseChunk(own, isItem, place, prefix, built, item);
  } catch {
    built.truncate(size, nonPlain);
    chunk = null;
  }
  if (chunk && built.size !== size) fresh.push(chunk);
  if (cache.size >= MAX_CACHED_CHUNKS) cache.delete(cache.keys().next().value as string);
  cache.set(own, chunk);
  return chunk;
}

/** Parses one chunk alone; null unless it is clean enough to stand for its part of a whole parse. */
function parseChunk(text: string, isItem: boolean, place: ChunkPlace, prefix: string, built: NodeIndexBuilder, item: number): Chunk | null {
  // YAML drops a byte order mark at the start of a stream, so a chunk that starts with one would lose a character
  // that the whole document keeps (in a key, say); the whole parse reads such a file instead.
  if (text.charCodeAt(0) === 0xfeff) return null;
  const fast = fastChunk(text, isItem, place, prefix, built, item);
  if (fast) return fast;
  const doc = parseYaml(text);
  if (doc.errors.length > 0 || doc.warnings.length > 0) return null;
  const root = doc.contents;
  if (!root || hasAlias(root)) return null;
  // Read in chunk-relative lines with `[0]` for the item's index; add() places the entries.
  const local = new LineIndex(text);
  const locator = new YamlLocator(text, 0, local);
  const own = new NodeIndexBuilder();
  const nodes = { names: own.names, ends: own.ends, from: 0 };
  if (isItem) {
    if (!isSeq(root) || root.items.length !== 1 || !root.range) return null;
    // In the whole document the sequence is the value of a top-level key, one level down.
    indexNode(root, '', 1, own, locator);
    const value = (doc.toJS() as unknown[])[0];
    return { value, seqRange: locator.range(root.range[0], root.range[1]), ...nodes, count: own.size, plain: own.plain,
      placed: { line: 0, prefix: '[0]', infos: own.infos, infoFrom: 0 } };
  }
  // A flow mapping on a line of its own (`{a: 1}`) reads alone as a key `a`, but in the whole document it is a key
  // with no value, an error there.
  if (!isMap(root) || root.flow === true || root.items.length !== 1) return null;
  const keyNode = root.items[0].key as YamlNode | null;
  if (!isScalar(keyNode) || typeof keyNode.value !== 'string' || SPECIAL_KEY.test(keyNode.value)) return null;
  const key = keyNode.value;
  indexNode(root, '', 0, own, locator);
  const value = (doc.toJS() as Record<string, unknown>)[key];
  return { value, key, ...nodes, count: own.size, plain: own.plain, placed: { line: 0, prefix: '', infos: own.infos, infoFrom: 0 } };
}

/**
 * The chunk read by the fast reader (yamlFastReader.ts), which yields what `yaml` would; undefined (and `built` as it
 * was) when it cannot. It is read in place, into `built`: ranges in the file's lines and item paths under `prefix`
 * (item `item` of its sequence), so placing it there again costs nothing.
 */
function fastChunk(text: string, isItem: boolean, place: ChunkPlace, prefix: string, built: NodeIndexBuilder, item: number): Chunk | undefined {
  if (!place.checked && !passesFastCheck(text)) return undefined;
  const locator = new YamlLocator(text, place.offset, place.index);
  const reader = new Reader(text, built, locator);
  const from = built.size;
  const nonPlain = built.nonPlain;
  const nodes = { names: built.names, ends: built.ends, from };
  const placed: Placed = { line: place.line, prefix, infos: built.infos, infoFrom: from };
  if (isItem) {
    let dash = 0;
    // As indexNode(root, '', 1, …) reports the one item, with the item's path `prefix` in place of `[0]`.
    const value = readRoot(reader, () => {
      const first = reader.seek(0);
      if (first < 0 || !reader.isItem(first + reader.col)) return undefined;
      dash = first + reader.col;
      return reader.item(dash, reader.col, 0, prefix, item);
    });
    if (value === undefined) return undefined;
    const seq = locator.range(dash, reader.vTail);
    const seqRange: Range = { start: shift(seq.start, -place.line), end: shift(seq.end, -place.line) };
    return { value, seqRange, ...nodes, count: built.size - from, plain: built.nonPlain === nonPlain, placed };
  }
  const root = readRoot(reader, () => {
    const first = reader.seek(0);
    return first < 0 || reader.col !== 0 || reader.isItem(first) ? undefined : reader.map(first, 0, 0, '');
  });
  if (!root) return undefined;
  const key = built.names[from];
  // One top-level key: its subtree holds every node read.
  if (built.ends[from] !== built.size || typeof key !== 'string' || SPECIAL_KEY.test(key)) {
    built.truncate(from, nonPlain);
    return undefined;
  }
  return { value: root[key], key, ...nodes, count: built.size - from, plain: built.nonPlain === nonPlain, placed };
}

function hasAlias(node: YamlNode | null): boolean {
  if (!node) return false;
  if (isAlias(node)) return true;
  if (isMap(node)) return node.items.some((p) => hasAlias(p.key as YamlNode | null) || hasAlias(p.value as YamlNode | null));
  if (isSeq(node)) return node.items.some((i) => hasAlias(i as YamlNode | null));
  return false;
}

function shift(p: Range['start'], line: number): Range['start'] {
  return { line: p.line + line, character: p.character };
}
