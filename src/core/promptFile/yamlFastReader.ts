// The block structure of the fast frontmatter reader (yamlFast.ts): block maps and sequences, one-line values, flow
// collections that close on their line, and the comment rules that keep ranges equal to the `yaml` package's. Scalars
// are read in yamlFastScalars.ts. Anything outside the subset throws UNSUPPORTED.
//
// It reads in one pass: the data, and each key's and item's info added to a NodeIndexBuilder in document order, as
// indexNode (yamlFrontmatter.ts) adds a `yaml` tree's. A node's place is reserved before the nodes below it are read
// and its info given once its value's end is known, so no tree of read nodes is built in between (a tree cost two
// objects per key, and a second walk). Positions are asked of the locator in text order: a node's start before what
// is below it, its end after.
import { appended } from './smallLists';
import { readFlow } from './yamlFastFlow';
import { isBlankOrEnd, isIndicator, readBlockScalar, readQuoted, resolvePlain, unsupported } from './yamlFastScalars';
import type { NodeIndexBuilder } from './yamlIndex';
import { plainName } from './yamlIndex';
import { NodeInfo, type YamlLocator } from './yamlNodeInfo';

/** A top-level key, where its text starts, and its block sequence's `-` offsets (for readYamlFast's interning). */
export interface TopPair {
  readonly key: string;
  readonly start: number;
  dashes?: number[];
}

/** Deeper nesting than this is left to `yaml` (whose index stops at 64 levels). */
const MAX_DEPTH = 48;
/** `yaml` refuses implicit keys longer than 1024 characters. */
const MAX_KEY = 1000;
/** Item path suffixes, as `[${i}]` writes them: a path is then one concatenation. */
const ITEM_SUFFIX = Array.from({ length: 64 }, (_, i) => `[${i}]`);

/** `${path}[${i}]`. */
export function itemPath(path: string, i: number): string {
  return i < ITEM_SUFFIX.length ? path + ITEM_SUFFIX[i] : `${path}[${i}]`;
}

/** Reads the block structure of one YAML text; every method throws UNSUPPORTED outside the subset. */
export class Reader {
  /** Start of the first line not consumed yet. */
  next = 0;
  /** Column of the line `seek` found. */
  col = 0;
  /**
   * The value read last: where it starts, where the `yaml` package ends its value (vEnd) and its node (vTail, past a
   * trailing comment), and the position of its start.
   */
  vStart = 0;
  vEnd = 0;
  vTail = 0;
  vLine = 0;
  vChar = 0;
  /** When set, the top-level keys are listed here as they are read. */
  tops?: TopPair[];
  /** What the last successful `key` read: the key, where its text ends, the offset after its `:`, and plainName(key). */
  private keyText = '';
  private keyEnd = 0;
  private keyAfter = 0;
  private keyPlain = true;
  /** The \n `newline` found last, and where its search began. */
  private nlFrom = -1;
  private nl = -1;

  constructor(readonly s: string, readonly out: NodeIndexBuilder, readonly at: YamlLocator) {}

  /** The next line with content from the line starting at `from` (-1 at the end); comment lines must be top-level. */
  seek(from: number, commentsAllowed = true): number {
    const s = this.s;
    let p = from;
    let comments = false;
    while (p < s.length) {
      let i = p;
      while (s.charCodeAt(i) === 32) i++;
      const c = s.charCodeAt(i);
      if (c === 35) {
        // Where `yaml` attaches a comment changes the ranges around it (an empty value stretches over the comments
        // after it, and so does a value followed by deeper comments); column-0 comments between top-level keys, not
        // after an empty value (value() passes commentsAllowed false there), change nothing.
        if (i !== p || !commentsAllowed) unsupported();
        comments = true;
      } else if (i < s.length && c !== 10 && c !== 13) {
        this.col = i - p;
        if (comments && this.col !== 0) unsupported();
        return p;
      }
      p = this.lineAfter(i);
    }
    return -1;
  }

  isItem(p: number): boolean {
    const s = this.s;
    return s.charCodeAt(p) === 45 && isBlankOrEnd(s.charCodeAt(p + 1));
  }

  /** A block mapping whose first key is at `first`, in column `col`, its keys' paths under `path`. */
  map(first: number, col: number, depth: number, path: string): Record<string, unknown> {
    const { out, at } = this;
    const value: Record<string, unknown> = {};
    const prefix = path === '' ? '' : `${path}.`;
    let count = 0;
    let line0 = 0;
    let char0 = 0;
    let p = first;
    for (;;) {
      if (!this.key(p)) return unsupported();
      const { keyText, keyEnd } = this;
      const slot = out.reserve(keyText, this.keyPlain);
      if (depth === 0 && this.tops) this.tops.push({ key: keyText, start: p });
      at.spanStart(p);
      at.spanEnd(p, keyEnd);
      const { l0, c0, l1, c1 } = at;
      if (count === 0) {
        line0 = l0;
        char0 = c0;
      }
      const childPath = prefix + keyText;
      value[keyText] = this.value(this.keyAfter, col, true, depth + 1, childPath);
      at.spanEnd(this.vStart, this.vEnd);
      out.fill(slot, new NodeInfo(childPath, l0, c0, l1, c1, this.vLine, this.vChar, at.l1, at.c1));
      count++;
      const line = this.seek(this.next);
      if (line < 0 || this.col < col) break;
      if (this.col > col) unsupported();
      p = line + col;
      if (this.isItem(p)) unsupported();
    }
    // A key seen twice leaves fewer keys than pairs (checked once here, not per key: each check looks the key up).
    if (Object.keys(value).length !== count) return unsupported();
    this.ends(first, this.vTail, line0, char0);
    return value;
  }

  /** A block sequence whose first `-` is at `first`, in column `col`; `endsAtSameColumn` when it is a key's value there. */
  seq(first: number, col: number, endsAtSameColumn: boolean, depth: number, path: string): unknown[] {
    this.at.spanStart(first);
    const { l0, c0 } = this.at;
    const dashes = depth === 1 && this.tops ? [] as number[] : undefined;
    let value: unknown[] | undefined;
    let p = first;
    for (let i = 0; ; i++) {
      dashes?.push(p);
      value = appended(value, this.item(p, col, depth, itemPath(path, i), i));
      const line = this.seek(this.next);
      if (line < 0 || this.col < col) break;
      if (this.col > col) unsupported();
      p = line + col;
      if (!this.isItem(p)) {
        if (endsAtSameColumn) break;
        unsupported();
      }
    }
    if (dashes && this.tops) this.tops[this.tops.length - 1].dashes = dashes;
    this.ends(first, this.vTail, l0, c0);
    return value;
  }

  /** The item whose `-` is at `p` in column `col`, indexed as item `name` at `path`; its value's ends are left in vStart… */
  item(p: number, col: number, depth: number, path: string, name: number): unknown {
    const { out, at } = this;
    const slot = out.reserve(name, true);
    const v = this.value(p + 1, col, false, depth + 1, path);
    at.spanEnd(this.vStart, this.vEnd);
    out.fill(slot, new NodeInfo(path, -1, 0, -1, 0, this.vLine, this.vChar, at.l1, at.c1));
    return v;
  }

  /** A collection read from `start` to `tail`, its start at line `line`, character `char`. */
  private ends(start: number, tail: number, line: number, char: number): void {
    this.vStart = start;
    this.vEnd = tail;
    this.vTail = tail;
    this.vLine = line;
    this.vChar = char;
  }

  /** A scalar (or a flow collection) from `start` to `end`: its start's position is found here. */
  scalar(start: number, end: number): void {
    this.at.spanStart(start);
    this.vStart = start;
    this.vEnd = end;
    this.vTail = end;
    this.vLine = this.at.l0;
    this.vChar = this.at.c0;
  }

  /** A block mapping key at `p`: plain or quoted, then `:` and a blank; read into keyText, keyEnd and keyAfter. */
  private key(p: number): boolean {
    const s = this.s;
    const le = this.lineEnd(p);
    const c = s.charCodeAt(p);
    let key: string;
    let end: number;
    let i: number;
    let plain = true;
    if (c === 34 || c === 39) {
      const q = readQuoted(s, p, le);
      key = q.value;
      end = q.end;
      i = end;
      while (s.charCodeAt(i) === 32) i++;
      if (s.charCodeAt(i) !== 58) return false;
      plain = plainName(key);
    } else {
      if (isIndicator(c)) return false;
      for (i = p; i < le; i++) {
        const ch = s.charCodeAt(i);
        if (ch === 58 && isBlankOrEnd(s.charCodeAt(i + 1))) break;
        if (ch === 35 && s.charCodeAt(i - 1) === 32) return false;
        // As plainName finds it: a `.` or `[` makes key paths ambiguous (the trailing blanks cut below hold neither).
        if (ch === 46 || ch === 91) plain = false;
      }
      if (i >= le) return false;
      end = i;
      while (s.charCodeAt(end - 1) === 32) end--;
      key = s.slice(p, end);
      if (typeof resolvePlain(key) !== 'string') return false;
    }
    if (!isBlankOrEnd(s.charCodeAt(i + 1)) || key === '' || key === '__proto__' || key === '<<' || end - p > MAX_KEY) return false;
    this.keyText = key;
    this.keyEnd = end;
    this.keyAfter = i + 1;
    this.keyPlain = plain;
    return true;
  }

  /** The value after a key's `:` or an item's `-` at `q`; `parentCol` is the column of that key or `-`. */
  private value(q: number, parentCol: number, inMap: boolean, depth: number, path: string): unknown {
    if (depth > MAX_DEPTH) unsupported();
    const s = this.s;
    const le = this.lineEnd(q);
    let p = q;
    while (p < le && s.charCodeAt(p) === 32) p++;
    const c = s.charCodeAt(p);
    if (p === le || c === 35) {
      const line = this.seek(this.lineAfter(le), false);
      if (line >= 0 && (this.col > parentCol || (inMap && this.col === parentCol && this.isItem(line + this.col)))) {
        const col = this.col;
        const first = line + col;
        return this.isItem(first) ? this.seq(first, col, inMap && col === parentCol, depth, path) : this.map(first, col, depth, path);
      }
      this.next = this.lineAfter(le);
      this.scalar(p, p);
      if (c === 35) this.vTail = le;
      return null;
    }
    if (c === 124 || c === 62) {
      const block = readBlockScalar(s, p, le, parentCol);
      this.next = block.next;
      this.scalar(p, block.end);
      return block.value;
    }
    if (!inMap) {
      // An item's value may open a sequence or a mapping on the item's own line, at this column (its `-` is at the
      // sequence's column, `parentCol`, and at q - 1).
      const col = parentCol + 1 + (p - q);
      if (this.isItem(p)) return this.seq(p, col, false, depth, path);
      if (this.key(p)) return this.map(p, col, depth, path);
    }
    let value: unknown;
    if (c === 91 || c === 123) {
      value = readFlow(this, p, le, depth, path);
    } else if (c === 34 || c === 39) {
      const q2 = readQuoted(s, p, le);
      this.scalar(p, q2.end);
      value = q2.value;
    } else {
      if (isIndicator(c) && !(c === 45 && !isBlankOrEnd(s.charCodeAt(p + 1)))) unsupported();
      let e = p;
      for (; e < le; e++) {
        const ch = s.charCodeAt(e);
        if (ch === 35 && s.charCodeAt(e - 1) === 32) break;
        if (ch === 58 && isBlankOrEnd(s.charCodeAt(e + 1))) unsupported();
      }
      while (s.charCodeAt(e - 1) === 32) e--;
      this.scalar(p, e);
      value = resolvePlain(s.slice(p, e));
    }
    const end = this.vEnd;
    let r = end;
    while (r < le && s.charCodeAt(r) === 32) r++;
    if (r < le) {
      if (s.charCodeAt(r) !== 35 || r === end) unsupported();
      this.vTail = le;
    }
    this.next = this.lineAfter(le);
    return value;
  }

  skipSpaces(i: number, le: number): number {
    while (i < le && this.s.charCodeAt(i) === 32) i++;
    if (i >= le) unsupported();
    return i;
  }

  /** Offset of the line break (or the end) of the line holding `p`. */
  private lineEnd(p: number): number {
    const i = this.newline(p);
    return i > p && this.s.charCodeAt(i - 1) === 13 ? i - 1 : i;
  }

  /** Start of the line after the one holding `p`. */
  private lineAfter(p: number): number {
    const i = this.newline(p);
    return i === this.s.length ? i : i + 1;
  }

  /**
   * The first \n at or after `p` (the text's length when there is none). A line is asked for three times or more (the
   * key's end, the value's, the next line's start): the \n found last answers every offset between where the search
   * for it began and itself, so each line is searched once.
   */
  private newline(p: number): number {
    if (p >= this.nlFrom && p <= this.nl) return this.nl;
    let i = this.s.indexOf('\n', p);
    if (i < 0) i = this.s.length;
    this.nlFrom = p;
    this.nl = i;
    return i;
  }
}
