// The token level of the fast template reader (templateFastParse.ts): Handlebars' lexer rules for IDs, paths,
// literals, hash keys, block params and closes, over one piece of text, with positions in the file. Anything it is
// unsure of gives up; the reader then returns undefined and the caller lets Handlebars parse the text.
import { knownHelperAt } from './templateModel';
import { PieceLines } from './templatePieceNode';

/** Thrown to give up (not an Error, so no stack is captured); never escapes fastAnalyse. */
const GIVE_UP: unique symbol = Symbol('give up');

/** Stops the fast reader; the caller lets Handlebars parse the text. */
export function giveUp(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentinel, caught in fastAnalyse
  throw GIVE_UP;
}

const WS = /\s/;
/** Handlebars' number token; the words `true`, `false`, `undefined` and `null` are matched by hand (literalEnd). */
const NUMBER = /-?[0-9]+(?:\.[0-9]+)?(?=[~}\s)])/y;
const BLOCK_PARAMS_OPEN = /as\s+\|/y;
/** Characters Handlebars allows after an ID (its LOOKAHEAD), besides whitespace: = ~ } / . ) |, as a table by code. */
const AFTER_ID = new Uint8Array(128);
for (const c of '=~}/.)|') AFTER_ID[c.charCodeAt(0)] = 1;

/** Handlebars' node type of a path, the kind of token most statements start with. */
export const PATH = 'PathExpression';

/**
 * A cursor over one piece of template text whose first line is file line `origin`, starting at character `baseChar`.
 * It builds no token objects: helperName leaves what it read in the fields below, which the reader copies or turns
 * into nodes before it reads the next token (an object per argument was a fifth of what a cold parse allocated here).
 */
export class TemplateLexer {
  protected i = 0;
  /**
   * The last token helperName read: Handlebars' node type, where it starts and ends, and its text (a path as written,
   * a literal's value as template.ts reads it).
   */
  protected type = '';
  protected from = 0;
  protected to = 0;
  protected text = '';
  /**
   * For a path: whether it is a data variable (`@x`), its `..` levels, and the offsets of its first two segments after
   * `this`, `.` and `..` (-1 when absent).
   */
  protected data = false;
  protected depth = 0;
  private headFrom = -1;
  private headTo = -1;
  private secondFrom = -1;
  private secondTo = -1;
  /**
   * Where the ID characters from `idAt` end, as hashKey found them: the argument it then reads starts with the same
   * ID, which need not be read twice. A fact about the text, so it never goes stale.
   */
  private idAt = -1;
  private idEnd = -1;

  /** The piece's lines, which turn its nodes' offsets into file positions when they are read. */
  readonly lines: PieceLines;

  constructor(protected readonly src: string, baseChar: number, origin: number) {
    this.lines = new PieceLines(lineStarts(src), origin, baseChar);
  }

  /** A literal or a path (Handlebars' helperName), after any whitespace, into the token fields. */
  protected helperName(): void {
    this.skipWs();
    const { src } = this;
    const start = this.i;
    const c = src.charCodeAt(start);
    if (c === 34 || c === 39) {
      const end = src.indexOf(src[start], start + 1);
      if (end < 0) giveUp();
      const value = src.slice(start + 1, end);
      if (value.includes('\\')) giveUp();
      this.i = end + 1;
      this.literal('StringLiteral', value, start);
      return;
    }
    if (c === 64) {
      this.i++;
      this.path(true, start);
      return;
    }
    const end = this.literalEnd(start);
    if (end >= 0) {
      this.i = end;
      // The text template.ts reads of each literal: String(value), and '' for undefined.
      if (c === 116) this.literal('BooleanLiteral', 'true', start);
      else if (c === 102) this.literal('BooleanLiteral', 'false', start);
      else if (c === 117) this.literal('UndefinedLiteral', '', start);
      else if (c === 110) this.literal('NullLiteral', 'null', start);
      else this.literal('NumberLiteral', String(Number(src.slice(start, end))), start);
      return;
    }
    this.path(false, start);
  }

  /** The path token's first segment after any `this`, `.` and `..`; most paths are one plain segment, their text. */
  protected pathHead(): string | undefined {
    const { headFrom, headTo } = this;
    if (headFrom < 0) return undefined;
    return headFrom === this.from && headTo === this.to ? this.text : this.src.slice(headFrom, headTo);
  }

  /** A data variable's second segment (`x` of `@root.x`); undefined for other paths, which never need it. */
  protected pathSecond(): string | undefined {
    return this.data && this.secondFrom >= 0 ? this.src.slice(this.secondFrom, this.secondTo) : undefined;
  }

  /** `ID (SEP ID)*` starting at `start` (at its `@` for data variables), as Handlebars' preparePath reads it. */
  private path(data: boolean, start: number): void {
    this.scanPath();
    this.type = PATH;
    this.from = start;
    this.to = this.i;
    // A helper's name is its constant: no copy of it is cut out, and the checks compare it with the names at once.
    const known = data || this.headFrom !== start || this.headTo !== this.i ? undefined : knownHelperAt(this.src, start, this.i);
    this.text = known ?? this.src.slice(start, this.i);
    this.data = data;
  }

  private literal(type: string, text: string, from: number): void {
    this.type = type;
    this.from = from;
    this.to = this.i;
    this.text = text;
    this.data = false;
    this.depth = 0;
    this.headFrom = -1;
  }

  /** `{{/name}}` after its `/`: the name must be the opening path as written, and nothing may follow it. */
  protected closeTag(name: string): void {
    this.skipWs();
    const { src } = this;
    const start = this.i;
    const end = start + name.length;
    const after = src.charCodeAt(end);
    if (src.startsWith(name, start) && (after === 125 || after === 126 || (end < src.length && this.isWs(end)))) {
      // The name as written, then `}`, `~` or whitespace: these characters read as they did in the opening tag, and
      // where the path ended there it ends here (most closes; reading the path again took 3% of the reader's time).
      this.i = end;
    } else {
      const c = src.charCodeAt(start);
      // A literal is no path, so it cannot close the block.
      if (c === 34 || c === 39) giveUp();
      if (c === 64) this.i++;
      else if (this.literalEnd(start) >= 0) giveUp();
      this.scanPath();
      if (this.i - start !== name.length || !src.startsWith(name, start)) giveUp();
    }
    this.skipWs();
    if (!this.atClose()) giveUp();
  }

  /** Moves past the segments of a path, noting its depth and its first two segments after `this`, `.` and `..`. */
  private scanPath(): void {
    const { src } = this;
    let depth = 0;
    let count = 0;
    this.headFrom = this.headTo = this.secondFrom = this.secondTo = -1;
    for (;;) {
      const from = this.i;
      this.id();
      const len = this.i - from;
      // An ID never holds a `.`, so `.` and `..` here are the relative segments.
      const relative = (len <= 2 && src.charCodeAt(from) === 46) || (len === 4 && src.startsWith('this', from));
      if (relative) {
        if (count > 0) giveUp();
        if (len === 2) depth++;
      } else {
        if (count === 0) {
          this.headFrom = from;
          this.headTo = this.i;
        } else if (count === 1) {
          this.secondFrom = from;
          this.secondTo = this.i;
        }
        count++;
      }
      const c = src.charCodeAt(this.i);
      if (c !== 46 && c !== 47) break;
      // A `.` before Handlebars' lookahead is an ID of its own, `..` too; a path would not continue.
      if (c === 46 && (src.charCodeAt(this.i + 1) === 46 || this.isAfterId(this.i + 1))) giveUp();
      this.i++;
    }
    this.depth = depth;
    // Whitespace then `.` or `/` would continue the path in Handlebars (it skips whitespace between tokens).
    let k = this.i;
    while (k < src.length && this.isWs(k)) k++;
    if (k > this.i && (src.charCodeAt(k) === 46 || src.charCodeAt(k) === 47)) giveUp();
  }

  /** Moves past one ID token; anything Handlebars would lex otherwise (literals, `[..]`, invalid characters) gives up. */
  private id(): void {
    const { src } = this;
    const start = this.i;
    const c = src.charCodeAt(start);
    if (c === 46 && src.charCodeAt(start + 1) === 46) {
      this.i += 2;
      return;
    }
    if (c === 46 && this.isAfterId(start + 1)) {
      this.i++;
      return;
    }
    if (this.literalEnd(start) >= 0) giveUp();
    if (c === 97) {
      BLOCK_PARAMS_OPEN.lastIndex = start;
      if (BLOCK_PARAMS_OPEN.test(src)) giveUp();
    }
    let k = start === this.idAt ? this.idEnd : start;
    if (k === start) while (k < src.length && isIdChar(src, k)) k++;
    if (k === start || !this.isAfterId(k)) giveUp();
    this.i = k;
  }

  /** `ID =` starting a hash pair: returns the key and moves past the `=`. */
  protected hashKey(): string | undefined {
    const { src } = this;
    const start = this.i;
    let k = start;
    while (k < src.length && isIdChar(src, k)) k++;
    this.idAt = start;
    this.idEnd = k;
    if (k === start || !this.isAfterId(k)) return undefined;
    let e = k;
    while (e < src.length && this.isWs(e)) e++;
    if (src.charCodeAt(e) !== 61) return undefined;
    // Literal-looking keys are lexed as literals when whitespace follows them.
    if (this.literalEnd(start) >= 0) giveUp();
    this.i = e + 1;
    return src.slice(start, k);
  }

  /** At `as |` (consumed), which opens block params. */
  protected atBlockParams(): boolean {
    if (this.src.charCodeAt(this.i) !== 97) return false;
    BLOCK_PARAMS_OPEN.lastIndex = this.i;
    if (!BLOCK_PARAMS_OPEN.exec(this.src)) return false;
    this.i = BLOCK_PARAMS_OPEN.lastIndex;
    return true;
  }

  /** The names of `as |a b|` after its `as |`, and the closing `|`. */
  protected blockParams(): string[] {
    const ids: string[] = [];
    for (;;) {
      this.skipWs();
      if (this.src.charCodeAt(this.i) === 124) {
        this.i++;
        if (ids.length === 0) giveUp();
        return ids;
      }
      const from = this.i;
      this.id();
      ids.push(this.src.slice(from, this.i));
    }
  }

  /** At `~}}` or `}}` (consumed); `}}}` and `}~}}` are Handlebars' triple-stash close, which gives up. */
  protected atClose(): boolean {
    const { src, i } = this;
    const c = src.charCodeAt(i);
    if (c === 125) {
      const d = src.charCodeAt(i + 1);
      if (d === 125) {
        if (src.charCodeAt(i + 2) === 125) giveUp();
        this.i = i + 2;
        return true;
      }
      if (d === 126 && src.charCodeAt(i + 2) === 125 && src.charCodeAt(i + 3) === 125) giveUp();
      return false;
    }
    if (c === 126 && src.charCodeAt(i + 1) === 125 && src.charCodeAt(i + 2) === 125) {
      this.i = i + 3;
      return true;
    }
    if (i >= src.length) giveUp();
    return false;
  }

  /**
   * Where the literal token starting at `k` ends, or -1: Handlebars lexes `true`, `false`, `undefined`, `null` and
   * numbers as literals (before IDs) when `~`, `}`, `)` or whitespace follows.
   */
  private literalEnd(k: number): number {
    const { src } = this;
    const c = src.charCodeAt(k);
    let end: number;
    // The second letter rules out most names (`field`, `name`, `tier`) before a string comparison.
    const d = src.charCodeAt(k + 1);
    if (c === 116) end = d === 114 && src.startsWith('true', k) ? k + 4 : -1;
    else if (c === 102) end = d === 97 && src.startsWith('false', k) ? k + 5 : -1;
    else if (c === 117) end = d === 110 && src.startsWith('undefined', k) ? k + 9 : -1;
    else if (c === 110) end = d === 117 && src.startsWith('null', k) ? k + 4 : -1;
    else if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = k;
      return NUMBER.test(src) ? NUMBER.lastIndex : -1;
    } else return -1;
    if (end < 0) return -1;
    const after = src.charCodeAt(end);
    return after === 126 || after === 125 || after === 41 || (end < src.length && this.isWs(end)) ? end : -1;
  }

  protected atParenClose(): boolean {
    if (this.src.charCodeAt(this.i) === 41) {
      this.i++;
      return true;
    }
    if (this.i >= this.src.length || this.src.charCodeAt(this.i) === 125) giveUp();
    return false;
  }

  protected skipWs(): void {
    while (this.i < this.src.length && this.isWs(this.i)) this.i++;
  }

  protected isWs(k: number): boolean {
    const c = this.src.charCodeAt(k);
    return c === 32 || (c >= 9 && c <= 13) || (c > 127 && WS.test(this.src[k]));
  }

  protected isAfterId(k: number): boolean {
    const c = this.src.charCodeAt(k);
    return k < this.src.length && ((c < 128 && AFTER_ID[c] === 1) || this.isWs(k));
  }
}

/** Line start offsets, with the line breaks Handlebars counts (\r\n, \n and a lone \r). */
function lineStarts(src: string): number[] {
  const starts = [0];
  if (src.indexOf('\r') < 0) {
    for (let k = src.indexOf('\n'); k >= 0; k = src.indexOf('\n', k + 1)) starts.push(k + 1);
    return starts;
  }
  for (let k = 0; k < src.length; k++) {
    const c = src.charCodeAt(k);
    if (c === 13 && src.charCodeAt(k + 1) === 10) k++;
    if (c === 10 || c === 13) starts.push(k + 1);
  }
  return starts;
}

/** Handlebars' ID characters below 128: anything but whitespace, controls and !"#%&'()*+,./;<=>@[\]^`{|}~. */
const ASCII_ID = new Uint8Array(128);
for (let c = 33; c < 127; c++) ASCII_ID[c] = '!"#%&\'()*+,./;<=>@[\\]^`{|}~'.includes(String.fromCharCode(c)) ? 0 : 1;

/** Handlebars' ID characters: anything but whitespace and !"#%&'()*+,./;<=>@[\]^`{|}~. */
function isIdChar(src: string, k: number): boolean {
  const c = src.charCodeAt(k);
  return c < 128 ? ASCII_ID[c] === 1 : !WS.test(src[k]);
}
