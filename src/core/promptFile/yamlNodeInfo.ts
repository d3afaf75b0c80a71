// Frontmatter keys and sequence items whose ranges are made when first read. A cold parse of a large frontmatter
// indexes about a thousand keys, and each kept two ranges of two positions (seven objects with its info); most are
// never read (the checks read the tests' and inputs' ranges, an editor feature a few more). An info keeps its
// positions as numbers instead, so a moved chunk is a new info with other line numbers, and two infos of the same
// ranges are equal as data however they were read (whole, fast or in chunks). A range once read is kept in a private
// field, which comparisons of infos as data do not see: the infos of unchanged chunks serve every later parse, whose
// checks read the same ranges again (each test's vars on every keystroke in the frontmatter).
import type { Range } from './model';
import type { LineIndex } from './positions';

/**
 * Where a key path sits in the file: a mapping key, or a sequence item (no key). A key's info is also its entry in
 * the document's `keys`. `keyRange` and `valueRange` are plain objects made on the first read.
 */
export class NodeInfo {
  #keyRange: Range | undefined = undefined;
  #valueRange: Range | undefined = undefined;

  constructor(
    readonly path: string,
    /** The key's first line; -1 for a sequence item. */
    readonly keyLine: number, readonly keyChar: number, readonly keyEndLine: number, readonly keyEndChar: number,
    /** The first line of the key's value or of the whole item; -1 when the key has no value node. */
    readonly valueLine: number, readonly valueChar: number, readonly valueEndLine: number, readonly valueEndChar: number,
  ) {}

  /** A mapping key (not a sequence item). */
  get isKey(): boolean {
    return this.keyLine >= 0;
  }

  get keyRange(): Range | undefined {
    if (this.keyLine < 0) return undefined;
    return this.#keyRange ??= span(this.keyLine, this.keyChar, this.keyEndLine, this.keyEndChar);
  }

  /** The key's value, or the whole sequence item. */
  get valueRange(): Range | undefined {
    if (this.valueLine < 0) return undefined;
    return this.#valueRange ??= span(this.valueLine, this.valueChar, this.valueEndLine, this.valueEndChar);
  }

  /** The same node `lines` lines further down, under `path`. */
  moved(path: string, lines: number): NodeInfo {
    // An absent range stays all -1 and 0, so that infos of the same ranges are equal as data.
    const k = this.keyLine < 0 ? 0 : lines;
    const v = this.valueLine < 0 ? 0 : lines;
    return new NodeInfo(path, this.keyLine + k, this.keyChar, this.keyEndLine + k, this.keyEndChar,
      this.valueLine + v, this.valueChar, this.valueEndLine + v, this.valueEndChar);
  }
}

function span(line: number, character: number, endLine: number, endCharacter: number): Range {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

/**
 * Positions of offsets in one YAML text (which starts at `start` in the indexed file), each range ending at the last
 * visible character of its span: the `yaml` package ends block values after their line break. Infos are made from
 * offsets without a Position or Range in between.
 */
export class YamlLocator {
  /** The span `place` found last: its first position (also spanStart's) and its last (also spanEnd's). */
  l0 = 0;
  c0 = 0;
  l1 = 0;
  c1 = 0;
  /** Whether a position must be asked of the line index (a \r is near: an offset may fall between it and its \n). */
  private readonly slow: boolean;
  private readonly starts: readonly number[];
  private readonly last: number;
  /** The line of the last position found, and its start and end offsets (the next line's start). */
  private line = 0;
  private from = 0;
  private to = -1;
  /** The line of the offset `at` answered last. */
  private atLine = 0;

  constructor(private readonly source: string, private readonly start: number, private readonly index: LineIndex) {
    this.slow = source.indexOf('\r') >= 0 || (start > 0 && index.text.charCodeAt(start - 1) === 13);
    this.starts = index.lineStarts();
    this.last = start + source.length;
  }

  /** The range of offsets `a`–`b` in the YAML text. */
  range(a: number, b: number): Range {
    this.place(a, b);
    return span(this.l0, this.c0, this.l1, this.c1);
  }

  /** A key's info from the offsets of its key and value (`vs` < 0: no value node). */
  pair(path: string, ks: number, ke: number, vs: number, ve: number): NodeInfo {
    this.place(ks, ke);
    const { l0, c0, l1, c1 } = this;
    if (vs < 0) return new NodeInfo(path, l0, c0, l1, c1, -1, 0, -1, 0);
    this.place(vs, ve);
    return new NodeInfo(path, l0, c0, l1, c1, this.l0, this.c0, this.l1, this.c1);
  }

  /** A sequence item's info from its offsets. */
  item(path: string, s: number, e: number): NodeInfo {
    this.place(s, e);
    return new NodeInfo(path, -1, 0, -1, 0, this.l0, this.c0, this.l1, this.c1);
  }

  /** Finds the positions of `a` and of `b` trimmed of trailing blanks. */
  private place(a: number, b: number): void {
    this.spanStart(a);
    this.spanEnd(a, b);
  }

  /**
   * The first position of a span from `a` into l0 and c0. The fast reader asks for a node's start before reading
   * what is below it and for its end after, so that it asks in text order (see `at`).
   */
  spanStart(a: number): void {
    this.c0 = this.at(this.start + a);
    this.l0 = this.atLine;
  }

  /** The last position of a span from `a` to `b` (trimmed of trailing blanks) into l1 and c1. */
  spanEnd(a: number, b: number): void {
    let e = b;
    const source = this.source;
    while (e > a + 1 && isSpace(source.charCodeAt(e - 1))) e--;
    this.c1 = this.at(Math.max(this.start + a, this.start + e));
    this.l1 = this.atLine;
  }

  /**
   * The character of offset `o`, its line left in `atLine`. Inside the YAML no offset falls between a \r and its \n
   * (unless `slow`), so a position is the offset less its line's start, as positionAt answers it; offsets come mostly
   * in text order, so most fall on the line of the offset before, or the next. When `slow`, the line index answers.
   */
  private at(o: number): number {
    if (this.slow || !(o >= this.start && o <= this.last && Math.floor(o) === o)) {
      // Near a \r, or outside the YAML (an error past its end; it may fall between a \r and its \n), which
      // positionAt clamps.
      const p = this.index.positionAt(o);
      this.atLine = p.line;
      return p.character;
    }
    const starts = this.starts;
    const line = this.line;
    if (o >= this.to && this.to >= 0 && line + 1 < starts.length && (line + 2 >= starts.length || o < starts[line + 2])) {
      this.line = line + 1;
      this.from = this.to;
      this.to = line + 2 < starts.length ? starts[line + 2] : this.last + 1;
    }
    if (!(o >= this.from && o < this.to)) {
      const p = this.index.positionAt(o);
      this.line = p.line;
      this.from = starts[p.line];
      this.to = p.line + 1 < starts.length ? starts[p.line + 1] : this.last + 1;
      this.atLine = p.line;
      return p.character;
    }
    this.atLine = this.line;
    return o - this.from;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
