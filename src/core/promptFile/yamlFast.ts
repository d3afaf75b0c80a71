// A hand-written reader for the YAML that prompt frontmatter really uses: block maps and sequences, one-line plain,
// quoted and flow scalars, block scalars, trailing comments and top-level comment lines. It yields exactly the data,
// ranges and keys of a whole `yaml` parse (yamlFrontmatter.ts), about ten times faster; anything outside that subset
// (anchors, tags, multi-line plain or quoted scalars, tabs, odd indentation, anything the `yaml` package would
// complain about) returns undefined and the caller parses with `yaml`. test/unit/promptFile/yamlFast.property.test.ts
// checks the equality on random documents.
import { detached } from './detach';
import type { LineIndex } from './positions';
import type { KeyEntry, YamlResult } from './yamlFrontmatter';
import { Reader, type TopPair } from './yamlFastReader';
import { NodeIndexBuilder } from './yamlIndex';
import { YamlLocator } from './yamlNodeInfo';

/** Tabs, control characters, BOMs, lone carriage returns, directives and document markers are left to `yaml`. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const REJECT = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]|\r(?!\n)|^(?:---|\.\.\.|%)/m;

/** Reads the YAML between `start` and `end` of `text` like parseFrontmatterYaml; undefined outside the subset. */
export function readYamlFast(text: string, start: number, end: number, index: LineIndex): YamlResult | undefined {
  // A copy: the values read from it are interned (and cached with the frontmatter) past this version of the file.
  const src = detached(text.slice(start, end));
  if (!passesFastCheck(src)) return undefined;
  const built = new NodeIndexBuilder();
  const reader = new Reader(src, built, new YamlLocator(src, start, index));
  const tops: TopPair[] = [];
  reader.tops = tops;
  const root = readRoot(reader, () => {
    const first = reader.seek(0);
    if (first < 0 || reader.col !== 0 || reader.isItem(first)) return undefined;
    return reader.map(first, 0, 0, '');
  });
  if (!root) return undefined;
  return { data: internTopLevel(src, root, tops), nodes: built.build(), keys: built.keyList() as KeyEntry[], diagnostics: [] };
}

const MAX_INTERNED = 4000;
/** Top-level values (and items of top-level sequences) by their text, so unchanged ones keep their objects. */
const interned = new Map<string, unknown>();

/** Forgets the interned values (benchmarks measure cold parses with it); cleared in place, as clearYamlChunkCache says why. */
export function clearYamlFastCache(): void {
  interned.clear();
}

/**
 * The data with every top-level value, and every item of a top-level block sequence, replaced by the object read
 * from the same text before: later checks cache their results by object (schemaDiagnostics.ts, testDiagnostics.ts),
 * so a keystroke re-checks only the part it changed. The same text in the same place always reads to equal data.
 */
function internTopLevel(src: string, root: Record<string, unknown>, tops: readonly TopPair[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  tops.forEach((pair, i) => {
    const end = i + 1 < tops.length ? tops[i + 1].start : src.length;
    const { dashes } = pair;
    const value = root[pair.key];
    if (!dashes) {
      data[pair.key] = intern(`m${src.slice(pair.start, end)}`, value);
      return;
    }
    const starts = dashes.map((dash) => src.lastIndexOf('\n', dash - 1) + 1);
    // An item's text runs from its own line to the next item's; the first keeps the key line so the key is in it.
    data[pair.key] = (value as unknown[]).map((item, j) => intern(`s${src.slice(j === 0 ? pair.start : starts[j], j + 1 < dashes.length ? starts[j + 1] : end)}`, item));
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
 * Runs `read` (which reads into the reader's builder) and checks that nothing but blank and comment lines follows;
 * undefined outside the subset, the builder then as it was.
 */
export function readRoot<T>(reader: Reader, read: () => T | undefined): T | undefined {
  const { out } = reader;
  const size = out.size;
  const nonPlain = out.nonPlain;
  try {
    const root = read();
    // A sequence ends at a line left of it; that line would be the `yaml` package's problem.
    if (root !== undefined && reader.seek(reader.next) < 0) return root;
  } catch {
    // UNSUPPORTED, or anything unforeseen: the `yaml` package decides.
  }
  out.truncate(size, nonPlain);
  return undefined;
}
