// A fast parser for the Handlebars that prompt templates use: mustaches, blocks with `{{else}}`, comments, partials,
// whitespace control, sub-expressions, hash arguments, block params, string/number/boolean literals and paths. It
// builds the same AST (types, paths, literal values, locations) as Handlebars' own parser, which is ~50 times slower.
// It follows Handlebars' lexer rules (compiler/parser.js) and gives up — returns undefined — at anything else or at
// any error, so the caller lets Handlebars parse that text and report its own error. A differential property test
// (test/unit/promptFile/templateFastParse.property.test.ts) checks that both parsers yield the same analysis.

/** Thrown to give up; never escapes fastParse. */
class GiveUp extends Error {}

type Loc = hbs.AST.SourceLocation;
type Expr = hbs.AST.Expression;

const WS = /\s/;
const LITERAL = /(true|false|undefined|null|-?[0-9]+(?:\.[0-9]+)?)(?=[~}\s)])/y;
const BLOCK_PARAMS_OPEN = /as\s+\|/y;
const ELSE_INVERSE = /\s*else\s*~?\}\}/y;
const ELSE_CHAIN = /\s*else\b/y;
const INVERSE = /\^\s*~?\}\}/y;
const LONG_COMMENT_END = /--~?\}\}/g;
/** Characters Handlebars allows after an ID (its LOOKAHEAD), besides whitespace. */
const AFTER_ID = new Set([61, 126, 125, 47, 46, 41, 124]); // = ~ } / . ) |

/** The Handlebars AST of `src`, or undefined when this parser is not sure (the caller then uses Handlebars). */
export function fastParse(src: string): hbs.AST.Program | undefined {
  // NUL ends Handlebars' content, U+2028/9 confuse its column count, `{{{` opens raw blocks and triple-stashes.
  if (src.includes('\u0000') || /[\u2028\u2029]|\{\{\{|\\\{\{/.test(src)) return undefined;
  try {
    const p = new FastParser(src);
    const { body } = p.program(false);
    return makeProgram(body, p.loc(0, src.length));
  } catch {
    return undefined;
  }
}

class FastParser {
  private i = 0;
  private readonly lineStarts: number[] = [0];

  constructor(private readonly src: string) {
    for (let k = 0; k < src.length; k++) {
      const c = src.charCodeAt(k);
      if (c === 13 && src.charCodeAt(k + 1) === 10) k++;
      if (c === 10 || c === 13) this.lineStarts.push(k + 1);
    }
  }

  /** Statements up to the end (top level) or up to `{{else}}` / `{{/` (in a block); `end` says which. */
  program(inBlock: boolean): { body: hbs.AST.Statement[]; end: 'eof' | 'else' | 'close'; at: number } {
    const { src } = this;
    const body: hbs.AST.Statement[] = [];
    for (;;) {
      const open = src.indexOf('{{', this.i);
      if (open < 0) {
        if (inBlock) throw new GiveUp();
        this.i = src.length;
        return { body, end: 'eof', at: src.length };
      }
      let j = open + 2;
      if (src.charCodeAt(j) === 126) j++;
      const c = src[j];
      if (c === '!') {
        body.push(this.comment(open, j));
        continue;
      }
      if (c === '>') {
        body.push(this.partial(open, j + 1));
        continue;
      }
      if (c === '#') {
        if (src[j + 1] === '>' || src[j + 1] === '*') throw new GiveUp();
        body.push(this.block(open, j + 1));
        continue;
      }
      if (c === '/') {
        if (!inBlock) throw new GiveUp();
        this.i = j + 1;
        return { body, end: 'close', at: open };
      }
      if (c === '^') {
        INVERSE.lastIndex = j;
        if (!inBlock || !INVERSE.exec(src)) throw new GiveUp();
        this.i = INVERSE.lastIndex;
        return { body, end: 'else', at: open };
      }
      if (c === '{' || c === '&' || c === '*') throw new GiveUp();
      if (mayStartElse(src.charCodeAt(j))) {
        ELSE_INVERSE.lastIndex = j;
        if (ELSE_INVERSE.exec(src)) {
          if (!inBlock) throw new GiveUp();
          this.i = ELSE_INVERSE.lastIndex;
          return { body, end: 'else', at: open };
        }
        ELSE_CHAIN.lastIndex = j;
        if (ELSE_CHAIN.test(src)) throw new GiveUp();
      }
      this.i = j;
      const call = this.call('close', false);
      body.push({ type: 'MustacheStatement', path: call.path, params: call.params, hash: call.hash, escaped: true, strip: {}, loc: this.loc(open, this.i) } as hbs.AST.MustacheStatement);
    }
  }

  private comment(open: number, bang: number): hbs.AST.CommentStatement {
    const { src } = this;
    let end: number;
    if (src.startsWith('--', bang + 1)) {
      // Handlebars re-reads a long comment from its `{{`, so even `{{!--}}` is closed.
      LONG_COMMENT_END.lastIndex = open;
      const m = LONG_COMMENT_END.exec(src);
      if (!m) throw new GiveUp();
      end = m.index + m[0].length;
    } else {
      const close = src.indexOf('}}', bang + 1);
      if (close < 0) throw new GiveUp();
      end = close + 2;
    }
    this.i = end;
    return { type: 'CommentStatement', value: '', strip: {}, loc: this.loc(open, end) } as hbs.AST.CommentStatement;
  }

  private partial(open: number, from: number): hbs.AST.PartialStatement {
    this.i = from;
    const call = this.call('close', false);
    if (call.path.type !== 'PathExpression') throw new GiveUp();
    return { type: 'PartialStatement', name: call.path, params: call.params, hash: call.hash, indent: '', strip: {}, loc: this.loc(open, this.i) } as hbs.AST.PartialStatement;
  }

  private block(open: number, from: number): hbs.AST.BlockStatement {
    this.i = from;
    const head = this.call('close', true);
    if (head.path.type !== 'PathExpression') throw new GiveUp();
    const first = this.program(true);
    const program = makeProgram(first.body, this.loc(open, first.at), head.blockParams);
    let inverse: hbs.AST.Program | undefined;
    if (first.end === 'else') {
      const second = this.program(true);
      if (second.end !== 'close') throw new GiveUp();
      inverse = makeProgram(second.body, this.loc(first.at, second.at));
    }
    // `{{/name}}`: the name must be the opening path as written.
    const close = this.call('close', false);
    if (close.path.type !== 'PathExpression' || close.params.length > 0 || close.hash
      || (close.path as hbs.AST.PathExpression).original !== (head.path as hbs.AST.PathExpression).original) throw new GiveUp();
    return {
      type: 'BlockStatement', path: head.path, params: head.params, hash: head.hash, program, inverse,
      openStrip: {}, inverseStrip: {}, closeStrip: {}, loc: this.loc(open, this.i),
    } as hbs.AST.BlockStatement;
  }

  /** `helperName param* hash? blockParams?` then the close (`}}` or `)`), which it consumes. */
  private call(close: 'close' | 'paren', allowBlockParams: boolean): { path: Expr; params: Expr[]; hash?: hbs.AST.Hash; blockParams?: string[] } {
    const path = this.helperName();
    const params: Expr[] = [];
    const pairs: hbs.AST.HashPair[] = [];
    let blockParams: string[] | undefined;
    for (;;) {
      this.skipWs();
      if (close === 'paren' ? this.atParenClose() : this.atClose()) break;
      if (blockParams) throw new GiveUp();
      BLOCK_PARAMS_OPEN.lastIndex = this.i;
      if (this.src.charCodeAt(this.i) === 97 && BLOCK_PARAMS_OPEN.exec(this.src)) {
        if (!allowBlockParams) throw new GiveUp();
        this.i = BLOCK_PARAMS_OPEN.lastIndex;
        blockParams = this.blockParams();
        continue;
      }
      const key = this.hashKey();
      if (key) {
        const value = this.param();
        pairs.push({ type: 'HashPair', key: key.name, value, loc: this.loc(key.start, this.i) });
        continue;
      }
      if (pairs.length > 0) throw new GiveUp();
      params.push(this.param());
    }
    const hash = pairs.length > 0 ? { type: 'Hash', pairs, loc: this.loc(pairs[0] ? this.offsetOf(pairs[0].loc.start) : 0, this.i) } as hbs.AST.Hash : undefined;
    return { path, params, ...(hash ? { hash } : {}), ...(blockParams ? { blockParams } : {}) };
  }

  private param(): Expr {
    this.skipWs();
    if (this.src.charCodeAt(this.i) !== 40) return this.helperName();
    const start = this.i;
    this.i++;
    this.skipWs();
    const call = this.call('paren', false);
    return { type: 'SubExpression', path: call.path, params: call.params, hash: call.hash, loc: this.loc(start, this.i) } as hbs.AST.SubExpression;
  }

  private helperName(): Expr {
    this.skipWs();
    const { src } = this;
    const start = this.i;
    const c = src.charCodeAt(start);
    if (c === 34 || c === 39) {
      const end = src.indexOf(src[start], start + 1);
      if (end < 0) throw new GiveUp();
      const value = src.slice(start + 1, end);
      if (value.includes('\\')) throw new GiveUp();
      this.i = end + 1;
      return { type: 'StringLiteral', value, original: value, loc: this.loc(start, this.i) } as hbs.AST.StringLiteral;
    }
    if (c === 64) {
      this.i++;
      return this.path(true, start);
    }
    LITERAL.lastIndex = start;
    const m = mayStartLiteral(c) ? LITERAL.exec(src) : null;
    if (m) {
      this.i = LITERAL.lastIndex;
      const text = m[1];
      const loc = this.loc(start, this.i);
      if (text === 'true' || text === 'false') return { type: 'BooleanLiteral', value: text === 'true', original: text === 'true', loc } as hbs.AST.BooleanLiteral;
      if (text === 'undefined') return { type: 'UndefinedLiteral', value: undefined, original: undefined, loc } as hbs.AST.UndefinedLiteral;
      if (text === 'null') return { type: 'NullLiteral', value: null, original: null, loc } as hbs.AST.NullLiteral;
      return { type: 'NumberLiteral', value: Number(text), original: Number(text), loc } as hbs.AST.NumberLiteral;
    }
    return this.path(false, start);
  }

  /** `ID (SEP ID)*`, as Handlebars' preparePath builds it. */
  private path(data: boolean, start: number): hbs.AST.PathExpression {
    const { src } = this;
    let original = data ? '@' : '';
    const parts: string[] = [];
    let depth = 0;
    let separator = '';
    for (;;) {
      const part = this.id();
      original += separator + part;
      if (part === '..' || part === '.' || part === 'this') {
        if (parts.length > 0) throw new GiveUp();
        if (part === '..') depth++;
      } else {
        parts.push(part);
      }
      const c = src.charCodeAt(this.i);
      if (c !== 46 && c !== 47) break;
      // A `.` before Handlebars' lookahead is an ID of its own, `..` too; a path would not continue.
      if (c === 46 && (src.charCodeAt(this.i + 1) === 46 || this.isAfterId(this.i + 1))) throw new GiveUp();
      separator = src[this.i];
      this.i++;
    }
    // Whitespace then `.` or `/` would continue the path in Handlebars (it skips whitespace between tokens).
    let k = this.i;
    while (k < src.length && this.isWs(k)) k++;
    if (k > this.i && (src.charCodeAt(k) === 46 || src.charCodeAt(k) === 47)) throw new GiveUp();
    return { type: 'PathExpression', data, depth, parts, original, loc: this.loc(start, this.i) };
  }

  /** One ID token; anything Handlebars would lex otherwise (literals, `[..]`, invalid characters) gives up. */
  private id(): string {
    const { src } = this;
    const start = this.i;
    if (src.startsWith('..', start)) {
      this.i += 2;
      return '..';
    }
    if (src.charCodeAt(start) === 46 && this.isAfterId(start + 1)) {
      this.i++;
      return '.';
    }
    LITERAL.lastIndex = start;
    BLOCK_PARAMS_OPEN.lastIndex = start;
    const c = src.charCodeAt(start);
    if ((mayStartLiteral(c) && LITERAL.test(src)) || (c === 97 && BLOCK_PARAMS_OPEN.test(src))) throw new GiveUp();
    let k = start;
    while (k < src.length && isIdChar(src.charCodeAt(k), src[k])) k++;
    if (k === start || !this.isAfterId(k)) throw new GiveUp();
    this.i = k;
    return src.slice(start, k);
  }

  /** `ID =` starting a hash pair: returns the key and moves past the `=`. */
  private hashKey(): { name: string; start: number } | undefined {
    const { src } = this;
    const start = this.i;
    let k = start;
    while (k < src.length && isIdChar(src.charCodeAt(k), src[k])) k++;
    if (k === start || !this.isAfterId(k)) return undefined;
    let e = k;
    while (e < src.length && this.isWs(e)) e++;
    if (src.charCodeAt(e) !== 61) return undefined;
    const name = src.slice(start, k);
    // Literal-looking keys are lexed as literals when whitespace follows them.
    LITERAL.lastIndex = start;
    if (LITERAL.test(src)) throw new GiveUp();
    this.i = e + 1;
    return { name, start };
  }

  private blockParams(): string[] {
    const ids: string[] = [];
    for (;;) {
      this.skipWs();
      if (this.src.charCodeAt(this.i) === 124) {
        this.i++;
        if (ids.length === 0) throw new GiveUp();
        return ids;
      }
      ids.push(this.id());
    }
  }

  /** At `~}}` or `}}` (consumed); `}}}` and `}~}}` are Handlebars' triple-stash close, which gives up. */
  private atClose(): boolean {
    const { src, i } = this;
    if (src.startsWith('}}}', i) || src.startsWith('}~}}', i)) throw new GiveUp();
    if (src.startsWith('}}', i)) {
      this.i = i + 2;
      return true;
    }
    if (src.startsWith('~}}', i)) {
      this.i = i + 3;
      return true;
    }
    if (i >= src.length) throw new GiveUp();
    return false;
  }

  private atParenClose(): boolean {
    if (this.src.charCodeAt(this.i) === 41) {
      this.i++;
      return true;
    }
    if (this.i >= this.src.length || this.src.charCodeAt(this.i) === 125) throw new GiveUp();
    return false;
  }

  private skipWs(): void {
    while (this.i < this.src.length && this.isWs(this.i)) this.i++;
  }

  private isWs(k: number): boolean {
    const c = this.src.charCodeAt(k);
    return c === 32 || (c >= 9 && c <= 13) || (c > 127 && WS.test(this.src[k]));
  }

  private isAfterId(k: number): boolean {
    return k < this.src.length && (AFTER_ID.has(this.src.charCodeAt(k)) || this.isWs(k));
  }

  loc(start: number, end: number): Loc {
    return { source: '', start: this.position(start), end: this.position(end) };
  }

  private offsetOf(p: hbs.AST.Position): number {
    return this.lineStarts[p.line - 1] + p.column;
  }

  private position(offset: number): hbs.AST.Position {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] };
  }
}

/** Whether LITERAL can match at a character: only `true`, `false`, `undefined`, `null` and numbers are literals. */
function mayStartLiteral(c: number): boolean {
  return c === 116 || c === 102 || c === 117 || c === 110 || c === 45 || (c >= 48 && c <= 57);
}

/** Whether `\s*else` can start at a character (`\s` holds only characters at or below a space or above ASCII). */
function mayStartElse(c: number): boolean {
  return c === 101 || c <= 32 || c >= 128;
}

function makeProgram(body: hbs.AST.Statement[], loc: Loc, blockParams?: string[]): hbs.AST.Program {
  return { type: 'Program', body, strip: {}, loc, ...(blockParams ? { blockParams } : {}) } as unknown as hbs.AST.Program;
}

/** Handlebars' ID characters: anything but whitespace and !"#%&'()*+,./;<=>@[\]^`{|}~. */
function isIdChar(c: number, ch: string): boolean {
  if (c > 127) return !WS.test(ch);
  if (c <= 32 || c === 33 || c === 34 || c === 35 || (c >= 37 && c <= 44) || c === 46 || c === 47 || (c >= 59 && c <= 62) || c === 64) return false;
  return !((c >= 91 && c <= 94) || c === 96 || (c >= 123 && c <= 126) || c === 127);
}
