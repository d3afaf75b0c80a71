// A hand-written reader for the YAML that prompt frontmatter really uses: block maps and sequences, one-line plain,
// quoted and flow scalars, block scalars, trailing comments and top-level comment lines. It yields exactly the data,
// ranges and keys of a whole `yaml` parse (yamlFrontmatter.ts), about ten times faster; anything outside that subset
// (anchors, tags, multi-line plain or quoted scalars, tabs, odd indentation, anything the `yaml` package would
// complain about) returns undefined and the caller parses with `yaml`. test/unit/promptFile/yamlFast.property.test.ts
// checks the equality on random documents.
import type { LineIndex } from './positions';
import { collect, trimmedRange, type IndexSink, type RangeFn, type YamlResult } from './yamlFrontmatter';
import { readQuoted, resolvePlain, unsupported } from './yamlFastScalars';

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
/** Tabs, control characters, BOMs, lone carriage returns, directives and document markers are left to `yaml`. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const REJECT = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]|\r(?!\n)|^(?:---|\.\.\.|%)/m;

/** Reads the YAML between `start` and `end` of `text` like parseFrontmatterYaml; undefined outside the subset. */
export function readYamlFast(text: string, start: number, end: number, index: LineIndex): YamlResult | undefined {
  const src = text.slice(start, end);
  const root = readFastRoot(src, false);
  if (!root) return undefined;
  const data = internTopLevel(src, root);
  const nodes: YamlResult['nodes'] = new Map();
  const keys: YamlResult['keys'] = [];
  visit(root, '', 0, collect(nodes as Map<string, never>, keys), trimmedRange(src, start, index));
  return { data, nodes, keys, diagnostics: [] };
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

/**
 * The node tree of `src`: a block mapping at column 0, or (`sequence`) a block sequence at any column, as the chunks
 * of yamlChunks.ts are; undefined outside the subset.
 */
export function readFastRoot(src: string, sequence: boolean): FastNode | undefined {
  if (REJECT.test(src)) return undefined;
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

/** Reports keys and items in the order and with the paths of indexNode in yamlFrontmatter.ts. */
export function visit(node: FastNode, path: string, depth: number, sink: IndexSink, range: RangeFn): void {
  if (depth > 64) return;
  if (node.pairs) {
    for (const p of node.pairs) {
      const childPath = path ? `${path}.${p.key}` : p.key;
      const keyRange = range(p.start, p.end);
      const valueRange = range(p.value.start, p.value.end);
      sink(childPath, { keyRange, valueRange, range: { start: keyRange.start, end: valueRange.end } }, true);
      visit(p.value, childPath, depth + 1, sink, range);
    }
  } else if (node.items) {
    node.items.forEach((item, i) => {
      const r = range(item.start, item.end);
      const childPath = `${path}[${i}]`;
      sink(childPath, { valueRange: r, range: r }, false);
      visit(item, childPath, depth + 1, sink, range);
    });
  }
}

class Reader {
  /** Start of the first line not consumed yet. */
  next = 0;
  /** Column of the line `seek` found. */
  col = 0;

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
    const pairs: FastPair[] = [];
    let p = first;
    for (;;) {
      const key = this.key(p);
      if (!key || Object.prototype.hasOwnProperty.call(value, key.key)) return unsupported();
      const v = this.value(key.after, col, true, depth + 1);
      value[key.key] = v.value;
      pairs.push({ key: key.key, start: p, end: key.end, value: v });
      const line = this.seek(this.next);
      if (line < 0 || this.col < col) break;
      if (this.col > col) unsupported();
      p = line + col;
      if (this.isItem(p)) unsupported();
    }
    const tail = pairs[pairs.length - 1].value.tail;
    return { start: first, end: tail, tail, value, pairs };
  }

  /** A block sequence whose first `-` is at `first`, in column `col`; `endsAtSameColumn` when it is a key's value there. */
  seq(first: number, col: number, endsAtSameColumn: boolean, depth: number): FastNode {
    const value: unknown[] = [];
    const items: FastNode[] = [];
    const dashes: number[] = [];
    let p = first;
    for (;;) {
      dashes.push(p);
      const v = this.value(p + 1, col, false, depth + 1);
      value.push(v.value);
      items.push(v);
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

  /** A block mapping key at `p`: plain or quoted, then `:` and a blank. */
  private key(p: number): { key: string; end: number; after: number } | undefined {
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
      if (s.charCodeAt(i) !== 58) return undefined;
    } else {
      if (isIndicator(c)) return undefined;
      for (i = p; i < le; i++) {
        const ch = s.charCodeAt(i);
        if (ch === 58 && isBlankOrEnd(s.charCodeAt(i + 1))) break;
        if (ch === 35 && s.charCodeAt(i - 1) === 32) return undefined;
      }
      if (i >= le) return undefined;
      end = i;
      while (s.charCodeAt(end - 1) === 32) end--;
      key = s.slice(p, end);
      if (typeof resolvePlain(key) !== 'string') return undefined;
    }
    if (!isBlankOrEnd(s.charCodeAt(i + 1)) || key === '' || key === '__proto__' || key === '<<' || end - p > MAX_KEY) return undefined;
    return { key, end, after: i + 1 };
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
    if (c === 124 || c === 62) return this.blockScalar(p, le, parentCol);
    const col = p - (s.lastIndexOf('\n', p - 1) + 1);
    if (!inMap && this.isItem(p)) return this.seq(p, col, false, depth);
    if (!inMap && this.key(p)) return this.map(p, col, depth);
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

  /** A `|` or `>` scalar whose header is at `p`; its lines must be indented deeper than `parentCol`. */
  private blockScalar(p: number, le: number, parentCol: number): FastNode {
    const s = this.s;
    const literal = s.charCodeAt(p) === 124;
    let i = p + 1;
    const chomp = s[i] === '-' ? 'strip' : s[i] === '+' ? 'keep' : 'clip';
    if (chomp !== 'clip') i++;
    let h = i;
    while (h < le && s.charCodeAt(h) === 32) h++;
    if (h < le && (s.charCodeAt(h) !== 35 || h === i)) unsupported();
    const lines: string[] = [];
    let indent = -1;
    let leadingBlank = 0;
    let contentEnd = h < le ? le : i;
    let line = this.lineAfter(le);
    while (line < s.length) {
      const e = this.lineEnd(line);
      let sp = 0;
      while (line + sp < e && s.charCodeAt(line + sp) === 32) sp++;
      if (line + sp === e) {
        if (indent < 0) leadingBlank = Math.max(leadingBlank, sp);
        else if (sp > indent) unsupported();
        lines.push('');
      } else {
        if (indent < 0) {
          if (sp <= parentCol) break;
          indent = sp;
          if (leadingBlank > indent) unsupported();
        } else if (sp < indent) {
          break;
        }
        if (!literal && sp > indent) unsupported();
        lines.push(s.slice(line + indent, e));
        contentEnd = e;
      }
      line = this.lineAfter(e);
    }
    this.next = line;
    // A kept scalar ends with one break per line that has one; a last line without a break is left to `yaml`.
    if (chomp === 'keep' && line >= s.length && s.charCodeAt(s.length - 1) !== 10) unsupported();
    let last = lines.length - 1;
    while (last >= 0 && lines[last] === '') last--;
    let body: string;
    if (last < 0) {
      if (chomp === 'keep' && lines.length > 0) unsupported();
      body = '';
    } else if (literal) {
      body = lines.slice(0, last + 1).join('\n');
    } else {
      if (lines[0] === '') unsupported();
      body = lines[0];
      let blanks = 0;
      for (let k = 1; k <= last; k++) {
        if (lines[k] === '') {
          blanks++;
          continue;
        }
        body += (blanks > 0 ? '\n'.repeat(blanks) : ' ') + lines[k];
        blanks = 0;
      }
    }
    if (last >= 0 && chomp !== 'strip') body += chomp === 'keep' ? '\n'.repeat(lines.length - last) : '\n';
    return { start: p, end: contentEnd, tail: contentEnd, value: body };
  }

  /** A flow sequence or mapping that closes on the line it opens. */
  private flow(p: number, le: number, depth: number): FastNode {
    if (depth > MAX_DEPTH) unsupported();
    const s = this.s;
    const isSeq = s.charCodeAt(p) === 91;
    const close = isSeq ? 93 : 125;
    const list: unknown[] = [];
    const record: Record<string, unknown> = {};
    const items: FastNode[] = [];
    const pairs: FastPair[] = [];
    let i = this.skipSpaces(p + 1, le);
    while (s.charCodeAt(i) !== close) {
      if (isSeq) {
        const item = this.flowItem(i, le, depth + 1);
        items.push(item);
        list.push(item.value);
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
        pairs.push({ key, start, end, value });
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
