// A fast reader for the Handlebars that prompt templates use: mustaches, blocks with `{{else}}`, comments, partials,
// whitespace control, sub-expressions, hash arguments, block params, string/number/boolean literals and paths. In one
// pass, without building an AST, it yields the analysis (nodes, ranges, paths, helper calls, partials, role markers)
// that template.ts derives from Handlebars' own AST; Handlebars' parser is ~50 times slower. It follows Handlebars'
// lexer rules (compiler/parser.js) and gives up — returns undefined — at anything else or at any error, so the caller
// lets Handlebars parse that text and report its own error. A differential property test
// (test/unit/promptFile/templateFastParse.property.test.ts) checks that both yield the same analysis.
import type { Position, Range, Role, TemplateNodeKind } from './model';
import { giveUp, PATH, TemplateLexer } from './templateFastLex';
import { isScopeHelper, knownHelper, rootName, type ParamInfo, type PathUse, type Piece, type PieceParts } from './templateModel';
import { appended } from './smallLists';
import { PieceNode, PieceParam } from './templatePieceNode';

const ELSE_INVERSE = /\s*else\s*~?\}\}/y;
const ELSE_CHAIN = /\s*else\b/y;
const INVERSE = /\^\s*~?\}\}/y;
const LONG_COMMENT_END = /--~?\}\}/g;
/**
 * NUL ends Handlebars' content, U+2028/9 confuse its column count, `\{{` is escaped text. Four native searches, each
 * for a character that is rare in a template (one regular expression with these alternatives took 4% of the reader's
 * time). `{{{` (raw blocks and triple-stashes) needs none: the reader gives up at every `{{` that a `{` follows, and
 * Handlebars, too, reads `{{{` inside a comment or a string as text (a search for it stopped at every `{`).
 */
function unsupportedText(src: string): boolean {
  return src.includes('\\{{') || src.includes('\u0000') || src.includes('\u2028') || src.includes('\u2029');
}

/** The block context of a statement: the blocks it is nested in (as template.ts names them) and the block params it sees. */
interface Frame {
  readonly scopes: readonly string[];
  readonly locals: ReadonlySet<string>;
  /**
   * The frames of blocks without block params opened directly in this one, each adding the last of its scopes (every
   * frame has the field, so all share one shape). A short list compared by text: a Map hashed each block's fresh name.
   */
  children: Frame[] | undefined;
}

/** Where results go. A sub-expression fills its own, added after its statement's, in the order template.ts visits them. */
type Sink = PieceParts;

type MutableRange = { start: Position; end: Position };

/** The empty argument lists of most helper calls, shared (and frozen, so sharing is safe): one list less per call. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * The analysis of `src`, whose first line is line `startLine` of the file and starts at character `baseChar`, with
 * exact file positions; undefined when this reader is not sure (the caller then lets Handlebars parse it).
 */
export function fastAnalyse(src: string, baseChar: number, startLine: number): Piece | undefined {
  if (unsupportedText(src)) return undefined;
  const reader = new FastReader(src, baseChar, startLine);
  const piece: Piece = { nodes: [], paths: [], helpers: [], partials: [], markers: [], lines: reader.lines, origin: startLine, exact: true };
  try {
    reader.program(false, { scopes: [], locals: new Set(), children: undefined }, piece);
  } catch {
    return undefined;
  }
  // template.ts sorts these by position. The reader adds them in text order, except what sub-expressions add later.
  if (reader.deferred) {
    // Every node here is a PieceNode of this piece, whose offsets order it as its positions would.
    sortByOffset(piece.nodes as PieceNode[]);
    sortByStart(piece.markers);
    sortByStart(piece.partials);
  }
  return piece;
}

function sortByStart(list: { range: Range }[]): void {
  for (let k = 1; k < list.length; k++) {
    if (byStart(list[k - 1], list[k]) > 0) {
      list.sort(byStart);
      return;
    }
  }
}

function sortByOffset(nodes: PieceNode[]): void {
  for (let k = 1; k < nodes.length; k++) {
    if (nodes[k - 1].from > nodes[k].from) {
      nodes.sort((a, b) => a.from - b.from);
      return;
    }
  }
}

function byStart(a: { range: Range }, b: { range: Range }): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** The grammar of statements and calls, over the lexer's tokens, adding what template.ts would find. */
class FastReader extends TemplateLexer {
  /** True once a sub-expression's results were added after their statement's, out of text order. */
  deferred = false;
  /**
   * What the last args() read, left in fields as the lexer leaves its token (an object per call was a tenth of what
   * the reader allocated); the caller reads them before it reads more arguments. The lists are absent when empty.
   */
  private argParams: ParamInfo[] | undefined = undefined;
  private argHashKeys: string[] | undefined = undefined;
  private argBlockParams: string[] | undefined = undefined;
  /** The sub-expressions' results, to add after the statement's own. */
  private argSubs: Sink[] | undefined = undefined;

  /** Statements up to the end (top level) or up to `{{else}}` / `{{/` (in a block); the result says which. */
  program(inBlock: boolean, frame: Frame, sink: Sink): 'eof' | 'else' | 'close' {
    const { src } = this;
    for (;;) {
      const open = src.indexOf('{{', this.i);
      if (open < 0) {
        if (inBlock) giveUp();
        this.i = src.length;
        return 'eof';
      }
      let j = open + 2;
      if (src.charCodeAt(j) === 126) j++;
      const c = src.charCodeAt(j);
      if (c === 33) { // !
        this.comment(open, j, frame, sink);
        continue;
      }
      if (c === 62) { // >
        this.partial(open, j + 1, frame, sink);
        continue;
      }
      if (c === 35) { // #
        const d = src.charCodeAt(j + 1);
        if (d === 62 || d === 42) giveUp(); // {{#> partial block}}, {{#* decorator}}
        this.block(open, j + 1, frame, sink);
        continue;
      }
      if (c === 47) { // /
        if (!inBlock) giveUp();
        this.i = j + 1;
        return 'close';
      }
      if (c === 94) { // ^
        INVERSE.lastIndex = j;
        if (!inBlock || !INVERSE.exec(src)) giveUp();
        this.i = INVERSE.lastIndex;
        return 'else';
      }
      if (c === 123 || c === 38 || c === 42) giveUp(); // { & *
      if (mayStartElse(c)) {
        ELSE_INVERSE.lastIndex = j;
        if (ELSE_INVERSE.exec(src)) {
          if (!inBlock) giveUp();
          this.i = ELSE_INVERSE.lastIndex;
          return 'else';
        }
        ELSE_CHAIN.lastIndex = j;
        if (ELSE_CHAIN.test(src)) giveUp();
      }
      this.i = j;
      this.mustache(open, frame, sink);
    }
  }

  private comment(open: number, bang: number, frame: Frame, sink: Sink): void {
    const { src } = this;
    let end: number;
    if (src.startsWith('--', bang + 1)) {
      // Handlebars re-reads a long comment from its `{{`, so even `{{!--}}` is closed.
      LONG_COMMENT_END.lastIndex = open;
      const m = LONG_COMMENT_END.exec(src);
      if (!m) giveUp();
      end = m.index + m[0].length;
    } else {
      const close = src.indexOf('}}', bang + 1);
      if (close < 0) giveUp();
      end = close + 2;
    }
    this.i = end;
    this.node(sink, 'comment', '', open, end, open, end, frame.scopes);
  }

  /**
   * `{{name args}}`. As template.ts's visitCall: a call has arguments or a known helper's name, or is a sub-expression;
   * only a path names anything (a literal head yields no node, but its arguments still count). template.ts adds the
   * path arguments, then the node, then the sub-expressions'; the node goes first in `nodes` here only so that they
   * come out in order and need no sorting.
   */
  private mustache(open: number, frame: Frame, sink: Sink): void {
    this.helperName();
    if (this.type !== PATH) {
      this.args(false, false, frame, sink);
      this.flush(this.argSubs, sink);
      return;
    }
    const { from, to, text } = this;
    this.skipWs();
    if (this.atClose()) {
      // Most statements: a variable, or a known helper called without arguments.
      const known = knownHelper(text);
      const node = this.node(sink, known === undefined ? 'variable' : 'helper', known ?? text, open, this.i, from, to, frame.scopes);
      if (known === undefined) sink.paths.push(this.pathUse(node, frame));
      else sink.helpers.push({ node, params: NONE, hashKeys: NONE });
      return;
    }
    const node = this.node(sink, 'helper', knownHelper(text) ?? text, open, open, from, to, frame.scopes);
    this.args(false, false, frame, sink);
    node.to = this.i;
    this.record(node, open, sink);
    this.flush(this.argSubs, sink);
  }

  private partial(open: number, from: number, frame: Frame, sink: Sink): void {
    this.i = from;
    this.helperName();
    if (this.type !== PATH) giveUp();
    const name = this.text;
    const node = this.node(sink, 'partial', name, open, open, this.from, this.to, frame.scopes);
    if (name) sink.partials.push({ value: name, range: this.lines.range(this.from, this.to) });
    this.args(false, false, frame, sink);
    node.to = this.i;
    this.flush(this.argSubs, sink);
  }

  private block(open: number, from: number, frame: Frame, sink: Sink): void {
    this.i = from;
    this.helperName();
    if (this.type !== PATH) giveUp();
    // The block ends at its close, read below; its node must come before its body's in paths and helpers.
    const known = knownHelper(this.text);
    const name = known ?? this.text;
    const node = this.node(sink, 'block', name, open, open, this.from, this.to, frame.scopes);
    // A block that calls nothing (no known name, no arguments) uses its path, read while it is the current token.
    const use = known === undefined ? this.pathUse(node, frame) : undefined;
    this.args(false, true, frame, sink);
    const params = this.argParams;
    const subs = this.argSubs;
    const blockParams = this.argBlockParams;
    const isCall = known !== undefined || params !== undefined || this.argHashKeys !== undefined;
    const marker = isCall ? this.record(node, open, sink) : undefined;
    if (!isCall) sink.paths.push(use as PathUse);
    const isHelper = known !== undefined || params !== undefined;
    const changesScope = (!isHelper && name !== '') || isScopeHelper(name);
    const inner: Frame = blockParams
      ? { scopes: changesScope ? [...frame.scopes, name] : frame.scopes, locals: new Set([...frame.locals, ...blockParams]), children: undefined }
      : changesScope ? childFrame(frame, name) : frame;
    if (this.program(true, inner, sink) === 'else' && this.program(true, frame, sink) !== 'close') giveUp();
    // `{{/name}}`: the name must be the opening path as written, with nothing after it.
    this.closeTag(name);
    node.to = this.i;
    if (marker) marker.end = this.lines.position(this.i);
    // template.ts visits a block's sub-expressions after its body.
    this.flush(subs, sink);
  }

  /** `(name args)`: its results in a sink of their own, added after its statement's. */
  private subExpression(frame: Frame): Sink {
    const open = this.i;
    this.i++;
    this.helperName();
    const sub: Sink = { nodes: [], paths: [], helpers: [], partials: [], markers: [] };
    const node = this.type === PATH ? this.node(sub, 'helper', knownHelper(this.text) ?? this.text, open, open, this.from, this.to, frame.scopes) : undefined;
    this.args(true, false, frame, sub);
    if (node) {
      node.to = this.i;
      this.record(node, open, sub);
    }
    this.flush(this.argSubs, sub);
    return sub;
  }

  /** A call's helper record and role marker, whose range it returns (a block's end is set later); after its args(). */
  private record(node: PieceNode, from: number, sink: Sink): MutableRange | undefined {
    const params = this.argParams;
    sink.helpers.push({ node, params: params ?? NONE, hashKeys: this.argHashKeys ?? NONE });
    if (node.name !== 'role' || params === undefined || params[0].type !== 'StringLiteral') return undefined;
    const range: MutableRange = this.lines.range(from, node.to);
    sink.markers.push({ role: params[0].value as Role, range });
    return range;
  }

  /** Adds a node of this piece, with offsets for its ranges. */
  private node(sink: Sink, kind: TemplateNodeKind, name: string, from: number, to: number, nameFrom: number, nameTo: number, scopes: readonly string[]): PieceNode {
    const node = new PieceNode(kind, name, scopes, this.lines, from, to, nameFrom, nameTo);
    sink.nodes.push(node);
    return node;
  }

  /** The path use of the current token, a path. */
  private pathUse(node: PieceNode, frame: Frame): PathUse {
    const data = this.data;
    const root = rootName(data, this.text, this.pathHead(), this.pathSecond(), this.depth, frame.scopes, frame.locals);
    return root === undefined ? { node, isData: data } : { node, isData: data, rootName: root };
  }

  private flush(subs: Sink[] | undefined, to: Sink): void {
    if (!subs) return;
    this.deferred = true;
    flushInto(subs, to);
  }

  /**
   * `param* hash? blockParams?` then the close (`}}`, or `)` when `paren`), which it consumes, into the arg fields.
   * Path arguments (then hash values) are added as variables as they are read; a path argument's node is its
   * ParamInfo too (templatePieceNode.ts), so it needs no object of its own.
   */
  private args(paren: boolean, allowBlockParams: boolean, frame: Frame, sink: Sink): void {
    let params: ParamInfo[] | undefined;
    let hashKeys: string[] | undefined;
    let blockParams: string[] | undefined;
    let subs: Sink[] | undefined;
    for (;;) {
      this.skipWs();
      if (paren ? this.atParenClose() : this.atClose()) break;
      if (blockParams) giveUp();
      if (this.atBlockParams()) {
        if (!allowBlockParams) giveUp();
        blockParams = this.blockParams();
        continue;
      }
      const key = this.hashKey();
      if (key === undefined && hashKeys) giveUp();
      this.skipWs();
      // A hash value is no positional argument: only its paths and sub-expressions count.
      let param: ParamInfo | undefined;
      if (this.src.charCodeAt(this.i) === 40) {
        const open = this.i;
        subs = appended(subs, this.subExpression(frame));
        if (key === undefined) param = new PieceParam('SubExpression', '', this.lines, open, this.i);
      } else {
        this.helperName();
        if (this.type === PATH) {
          const node = this.node(sink, 'variable', this.text, this.from, this.to, this.from, this.to, frame.scopes);
          sink.paths.push(this.pathUse(node, frame));
          param = node;
        } else if (key === undefined) {
          param = new PieceParam(this.type, this.text, this.lines, this.from, this.to);
        }
      }
      if (key !== undefined) hashKeys = appended(hashKeys, key);
      else params = appended(params, param as ParamInfo);
    }
    this.argParams = params;
    this.argHashKeys = hashKeys;
    this.argBlockParams = blockParams;
    this.argSubs = subs;
  }
}

/**
 * The frame of a block that adds `scope` and no block params: sibling blocks of the same kind share it, and their
 * nodes share its `scopes` list (one list per nesting, not one per block).
 */
function childFrame(frame: Frame, scope: string): Frame {
  const children = frame.children;
  const depth = frame.scopes.length;
  if (children !== undefined) {
    for (let k = 0; k < children.length; k++) if (children[k].scopes[depth] === scope) return children[k];
  }
  const child: Frame = { scopes: [...frame.scopes, scope], locals: frame.locals, children: undefined };
  frame.children = appended(frame.children, child);
  return child;
}

/** Adds deferred sub-expression results, last first (template.ts pops them off a stack). */
function flushInto(deferred: Sink[], to: Sink): void {
  for (let k = deferred.length - 1; k >= 0; k--) {
    const from = deferred[k];
    for (const x of from.nodes) to.nodes.push(x);
    for (const x of from.paths) to.paths.push(x);
    for (const x of from.helpers) to.helpers.push(x);
    for (const x of from.partials) to.partials.push(x);
    for (const x of from.markers) to.markers.push(x);
  }
}

/** Whether `\s*else` can start at a character (`\s` holds only characters at or below a space or above ASCII). */
function mayStartElse(c: number): boolean {
  return c === 101 || c <= 32 || c >= 128;
}
