// The block structure of the fast frontmatter reader (yamlFast.ts): block maps and sequences, one-line values, flow
// collections that close on their line, and the comment rules that keep ranges equal to the `yaml` package's. Scalars
// are read in yamlFastScalars.ts. Anything outside the subset throws UNSUPPORTED.
import { appended } from './smallLists';
import { readBlockScalar, readQuoted, resolvePlain, unsupported } from './yamlFastScalars';

/** A read node: `end` is where the `yaml` package ends its value, `tail` where it ends the node (trailing comment). */
export interface FastNode {
  readonly start: number;
  readonly end: number;
  tail: number;
  readonly value: unknown;
  readonly pairs?: readonly FastPair[];
  readonly items?: readonly FastNode[];
  /** A block sequence's `-` offsets (an item's value may start lines below its dash). */
  readonly dashes?: readonly number[];
}

interface FastPair {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly value: FastNode;
}

/** Deeper nesting than this is left to `yaml` (whose index stops at 64 levels). */
const MAX_DEPTH = 48;
/** `yaml` refuses implicit keys longer than 1024 characters. */
const MAX_KEY = 1000;

/** Reads the block structure of one YAML text; every method throws UNSUPPORTED outside the subset. */
export class Reader {
  /** Start of the first line not consumed yet. */
  next = 0;
  /** Column of the line `seek` found. */
  col = 0;
  /** What the last successful `key` read: the key, where its text ends, and the offset after its `:`. */
  private keyText = '';
  private keyEnd = 0;
  private keyAfter = 0;

  constructor(private readonly s: string) {}

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

  /** A block mapping whose first key is at `first`, in column `col`. */
  map(first: number, col: number, depth: number): FastNode {
    const value: Record<string, unknown> = {};
    let pairs: FastPair[] | undefined;
    let p = first;
    for (;;) {
      if (!this.key(p)) return unsupported();
      const { keyText, keyEnd } = this;
      const v = this.value(this.keyAfter, col, true, depth + 1);
      value[keyText] = v.value;
      pairs = appended(pairs, { key: keyText, start: p, end: keyEnd, value: v });
      const line = this.seek(this.next);
      if (line < 0 || this.col < col) break;
      if (this.col > col) unsupported();
      p = line + col;
      if (this.isItem(p)) unsupported();
    }
    // A key seen twice leaves fewer keys than pairs (checked once here, not per key: each check looks the key up).
    if (pairs === undefined || Object.keys(value).length !== pairs.length) return unsupported();
    const tail = pairs[pairs.length - 1].value.tail;
    return { start: first, end: tail, tail, value, pairs };
  }

  /** A block sequence whose first `-` is at `first`, in column `col`; `endsAtSameColumn` when it is a key's value there. */
  seq(first: number, col: number, endsAtSameColumn: boolean, depth: number): FastNode {
    let value: unknown[] | undefined;
    let items: FastNode[] | undefined;
    let dashes: number[] | undefined;
    let p = first;
    for (;;) {
      dashes = appended(dashes, p);
      const v = this.value(p + 1, col, false, depth + 1);
      value = appended(value, v.value);
      items = appended(items, v);
      const line = this.seek(this.next);
      if (line < 0 || this.col < col) break;
      if (this.col > col) unsupported();
      p = line + col;
      if (!this.isItem(p)) {
        if (endsAtSameColumn) break;
        unsupported();
      }
    }
    const tail = items[items.length - 1].tail;
    return { start: first, end: tail, tail, value, items, dashes };
  }

  /** A block mapping key at `p`: plain or quoted, then `:` and a blank; read into keyText, keyEnd and keyAfter. */
  private key(p: number): boolean {
    const s = this.s;
    const le = this.lineEnd(p);
    const c = s.charCodeAt(p);
    let key: string;
    let end: number;
    let i: number;
    if (c === 34 || c === 39) {
      const q = readQuoted(s, p, le);
      key = q.value;
      end = q.end;
      i = end;
      while (s.charCodeAt(i) === 32) i++;
      if (s.charCodeAt(i) !== 58) return false;
    } else {
      if (isIndicator(c)) return false;
      for (i = p; i < le; i++) {
        const ch = s.charCodeAt(i);
        if (ch === 58 && isBlankOrEnd(s.charCodeAt(i + 1))) break;
        if (ch === 35 && s.charCodeAt(i - 1) === 32) return false;
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
    return true;
  }

  /** The value after a key's `:` or an item's `-` at `q`; `parentCol` is the column of that key or `-`. */
  private value(q: number, parentCol: number, inMap: boolean, depth: number): FastNode {
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
        return this.isItem(first) ? this.seq(first, col, inMap && col === parentCol, depth) : this.map(first, col, depth);
      }
      this.next = this.lineAfter(le);
      return { start: p, end: p, tail: c === 35 ? le : p, value: null };
    }
    if (c === 124 || c === 62) {
      const block = readBlockScalar(s, p, le, parentCol);
      this.next = block.next;
      return { start: p, end: block.end, tail: block.end, value: block.value };
    }
    if (!inMap) {
      // An item's value may open a sequence or a mapping on the item's own line, at this column.
      const col = p - (s.lastIndexOf('\n', p - 1) + 1);
      if (this.isItem(p)) return this.seq(p, col, false, depth);
      if (this.key(p)) return this.map(p, col, depth);
    }
    let node: FastNode;
    if (c === 91 || c === 123) {
      node = this.flow(p, le, depth);
    } else if (c === 34 || c === 39) {
      const q2 = readQuoted(s, p, le);
      node = { start: p, end: q2.end, tail: q2.end, value: q2.value };
    } else {
      if (isIndicator(c) && !(c === 45 && !isBlankOrEnd(s.charCodeAt(p + 1)))) unsupported();
      let e = p;
      for (; e < le; e++) {
        const ch = s.charCodeAt(e);
        if (ch === 35 && s.charCodeAt(e - 1) === 32) break;
        if (ch === 58 && isBlankOrEnd(s.charCodeAt(e + 1))) unsupported();
      }
      while (s.charCodeAt(e - 1) === 32) e--;
      node = { start: p, end: e, tail: e, value: resolvePlain(s.slice(p, e)) };
    }
    let r = node.end;
    while (r < le && s.charCodeAt(r) === 32) r++;
    if (r < le) {
      if (s.charCodeAt(r) !== 35 || r === node.end) unsupported();
      node.tail = le;
    }
    this.next = this.lineAfter(le);
    return node;
  }

  /** A flow sequence or mapping that closes on the line it opens. */
  private flow(p: number, le: number, depth: number): FastNode {
    if (depth > MAX_DEPTH) unsupported();
    const s = this.s;
    const isSeq = s.charCodeAt(p) === 91;
    const close = isSeq ? 93 : 125;
    let list: unknown[] = [];
    const record: Record<string, unknown> = {};
    let items: FastNode[] = [];
    let pairs: FastPair[] = [];
    let i = this.skipSpaces(p + 1, le);
    while (s.charCodeAt(i) !== close) {
      if (isSeq) {
        const item = this.flowItem(i, le, depth + 1);
        items = appended(items, item);
        list = appended(list, item.value);
        i = item.end;
      } else {
        const start = i;
        let key: string;
        let end: number;
        if (s.charCodeAt(i) === 34 || s.charCodeAt(i) === 39) {
          const q = readQuoted(s, i, le);
          key = q.value;
          end = q.end;
          i = end;
        } else {
          if (isIndicator(s.charCodeAt(i))) unsupported();
          while (i < le && s.charCodeAt(i) !== 58 && !isFlowIndicator(s.charCodeAt(i)) && s.charCodeAt(i) !== 35) i++;
          end = i;
          while (s.charCodeAt(end - 1) === 32) end--;
          key = s.slice(start, end);
          if (typeof resolvePlain(key) !== 'string') unsupported();
        }
        if (s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== 32 || key === '' || key === '__proto__' || key === '<<'
          || Object.prototype.hasOwnProperty.call(record, key)) unsupported();
        const value = this.flowItem(this.skipSpaces(i + 1, le), le, depth + 1);
        record[key] = value.value;
        pairs = appended(pairs, { key, start, end, value });
        i = value.end;
      }
      i = this.skipSpaces(i, le);
      if (s.charCodeAt(i) === 44) i = this.skipSpaces(i + 1, le);
      else if (s.charCodeAt(i) !== close) unsupported();
    }
    const end = i + 1;
    return isSeq ? { start: p, end, tail: end, value: list, items } : { start: p, end, tail: end, value: record, pairs };
  }

  private flowItem(i: number, le: number, depth: number): FastNode {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c === 91 || c === 123) return this.flow(i, le, depth);
    if (c === 34 || c === 39) {
      const q = readQuoted(s, i, le);
      return { start: i, end: q.end, tail: q.end, value: q.value };
    }
    if (i >= le || (isIndicator(c) && !(c === 45 && !isBlankOrEnd(s.charCodeAt(i + 1)) && !isFlowIndicator(s.charCodeAt(i + 1))))) unsupported();
    let e = i;
    for (; e < le; e++) {
      const ch = s.charCodeAt(e);
      if (isFlowIndicator(ch)) break;
      if (ch === 58 || (ch === 35 && s.charCodeAt(e - 1) === 32)) unsupported();
    }
    if (e >= le) unsupported();
    while (s.charCodeAt(e - 1) === 32) e--;
    return { start: i, end: e, tail: e, value: resolvePlain(s.slice(i, e)) };
  }

  private skipSpaces(i: number, le: number): number {
    while (i < le && this.s.charCodeAt(i) === 32) i++;
    if (i >= le) unsupported();
    return i;
  }

  /** Offset of the line break (or the end) of the line holding `p`. */
  private lineEnd(p: number): number {
    const s = this.s;
    let i = s.indexOf('\n', p);
    if (i < 0) i = s.length;
    return i > p && s.charCodeAt(i - 1) === 13 ? i - 1 : i;
  }

  /** Start of the line after the one holding `p`. */
  private lineAfter(p: number): number {
    const i = this.s.indexOf('\n', p);
    return i < 0 ? this.s.length : i + 1;
  }
}

function isBlankOrEnd(c: number): boolean {
  return Number.isNaN(c) || c === 32 || c === 10 || c === 13;
}

/** Characters that cannot start a plain scalar (or start one only in ways left to `yaml`). */
function isIndicator(c: number): boolean {
  // - ? : , [ ] { } # & * ! | > ' " % @ `
  return c === 45 || c === 63 || c === 58 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35 || c === 38
    || c === 42 || c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96;
}

function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}
