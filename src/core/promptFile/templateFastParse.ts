// A fast reader for the Handlebars that prompt templates use: mustaches, blocks with `{{else}}`, comments, partials,
// whitespace control, sub-expressions, hash arguments, block params, string/number/boolean literals and paths. In one
// pass, without building an AST, it yields the analysis (nodes, ranges, paths, helper calls, partials, role markers)
// that template.ts derives from Handlebars' own AST; Handlebars' parser is ~50 times slower. It follows Handlebars'
// lexer rules (compiler/parser.js) and gives up — returns undefined — at anything else or at any error, so the caller
// lets Handlebars parse that text and report its own error. A differential property test
// (test/unit/promptFile/templateFastParse.property.test.ts) checks that both yield the same analysis.
import type { Position, Range, Role, TemplateNodeKind } from './model';
import { expr, giveUp, TemplateLexer, type Expr } from './templateFastLex';
import { isKnownHelper, isScopeHelper, rootName, type PathUse, type Piece, type PieceParts } from './templateModel';
import { appended } from './smallLists';
import { PieceNode, PieceParam, type PieceLines } from './templatePieceNode';

const ELSE_INVERSE = /\s*else\s*~?\}\}/y;
const ELSE_CHAIN = /\s*else\b/y;
const INVERSE = /\^\s*~?\}\}/y;
const LONG_COMMENT_END = /--~?\}\}/g;
/**
 * NUL ends Handlebars' content, U+2028/9 confuse its column count, `{{{` opens raw blocks and triple-stashes, `\{{` is
 * escaped text. Five native searches: one regular expression with these alternatives took 4% of the reader's time.
 */
function unsupportedText(src: string): boolean {
  return src.includes('{{{') || src.includes('\\{{') || src.includes('\u0000') || src.includes('\u2028') || src.includes('\u2029');
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

/** A call's arguments, read up to and including its close; the lists are absent when empty. */
interface Args {
  readonly params?: Expr[];
  readonly hashKeys?: string[];
  readonly hashValues?: Expr[];
  readonly blockParams?: string[];
}

type MutableRange = { start: Position; end: Position };

/** The arguments of most calls (`{{name}}`), shared: nothing reads them but to see they are absent. */
const NO_ARGS: Args = { params: undefined, hashKeys: undefined, hashValues: undefined, blockParams: undefined };
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

/** The grammar of statements and calls, over the lexer's expressions, adding what template.ts would find. */
class FastReader extends TemplateLexer {
  /** True once a sub-expression's results were added after their statement's, out of text order. */
  deferred = false;

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
      const head = this.helperName(true);
      const args = this.args(false, false, frame);
      this.call(false, head, args, open, this.i, frame, sink);
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

  private partial(open: number, from: number, frame: Frame, sink: Sink): void {
    this.i = from;
    const name = this.helperName(true);
    const args = this.args(false, false, frame);
    if (name.type !== 'PathExpression') giveUp();
    this.node(sink, 'partial', name.text, open, this.i, name.from, name.to, frame.scopes);
    if (name.text) sink.partials.push({ value: name.text, range: this.lines.range(name.from, name.to) });
    this.flush(this.paramPaths(args, frame, sink), sink);
  }

  private block(open: number, from: number, frame: Frame, sink: Sink): void {
    this.i = from;
    const head = this.helperName(true);
    const args = this.args(false, true, frame);
    if (head.type !== 'PathExpression') giveUp();
    // The block ends at its close, read below; its node must come before its body's in paths and helpers.
    const name = head.text;
    const known = isKnownHelper(name);
    const isCall = known || args.params !== undefined || args.hashKeys !== undefined;
    const node = this.node(sink, 'block', name, open, open, head.from, head.to, frame.scopes);
    const deferred = this.paramPaths(args, frame, sink);
    const marker = this.record(node, isCall, head, args, open, open, frame, sink);
    const isHelper = known || args.params !== undefined;
    const changesScope = (!isHelper && name !== '') || isScopeHelper(name);
    const params = args.blockParams;
    const inner: Frame = params
      ? { scopes: changesScope ? [...frame.scopes, name] : frame.scopes, locals: new Set([...frame.locals, ...params]), children: undefined }
      : changesScope ? childFrame(frame, name) : frame;
    if (this.program(true, inner, sink) === 'else' && this.program(true, frame, sink) !== 'close') giveUp();
    // `{{/name}}`: the name must be the opening path as written, with nothing after it.
    this.closeTag(name);
    node.to = this.i;
    if (marker) marker.end = this.lines.position(this.i);
    // template.ts visits a block's sub-expressions after its body.
    this.flush(deferred, sink);
  }

  /**
   * A mustache's or sub-expression's results. template.ts adds its path arguments, then its own node, then its
   * sub-expressions'; the node goes first in `nodes` here only so that they come out in order and need no sorting.
   */
  private call(isSub: boolean, head: Expr, args: Args, from: number, to: number, frame: Frame, sink: Sink): void {
    // As template.ts's visitCall: a call has arguments or a known helper's name, or is a sub-expression; only a path
    // names anything (a literal head yields no node, but its arguments still count).
    const isPath = head.type === 'PathExpression';
    const isCall = isSub || args.params !== undefined || args.hashKeys !== undefined || (isPath && isKnownHelper(head.text));
    const node = isPath ? this.node(sink, isCall ? 'helper' : 'variable', head.text, from, to, head.from, head.to, frame.scopes) : undefined;
    const deferred = this.paramPaths(args, frame, sink);
    if (node) this.record(node, isCall, head, args, from, to, frame, sink);
    this.flush(deferred, sink);
  }

  /** The call's helper call or path use, and its role marker, whose range it returns (a block's end is set later). */
  private record(node: PieceNode, isCall: boolean, head: Expr, args: Args, from: number, to: number, frame: Frame, sink: Sink): MutableRange | undefined {
    const params = args.params;
    if (isCall) {
      sink.helpers.push({ node, params: params ? this.paramInfos(params) : NONE, hashKeys: args.hashKeys ?? NONE });
    } else {
      sink.paths.push(pathUse(node, head, frame));
    }
    if (node.name !== 'role' || !params || params[0].type !== 'StringLiteral') return undefined;
    const range: MutableRange = this.lines.range(from, to);
    sink.markers.push({ role: params[0].text as Role, range });
    return range;
  }

  private paramInfos(params: readonly Expr[]): PieceParam[] {
    const out = new Array<PieceParam>(params.length);
    for (let k = 0; k < params.length; k++) out[k] = new PieceParam(params[k].type, params[k].text, this.lines, params[k].from, params[k].to);
    return out;
  }

  /** Adds a node of this piece, with offsets for its ranges. */
  private node(sink: Sink, kind: TemplateNodeKind, name: string, from: number, to: number, nameFrom: number, nameTo: number, scopes: readonly string[]): PieceNode {
    const node = new PieceNode(kind, name, scopes, this.lines, from, to, nameFrom, nameTo);
    sink.nodes.push(node);
    return node;
  }

  private flush(deferred: Sink[] | undefined, to: Sink): void {
    if (!deferred) return;
    this.deferred = true;
    flushInto(deferred, to);
  }

  /** Adds the path arguments (then hash values) as variables; returns the sub-expressions' results, to add later. */
  private paramPaths(args: Args, frame: Frame, sink: Sink): Sink[] | undefined {
    const deferred = args.params ? paramPathsOf(args.params, frame, sink, undefined, this.lines) : undefined;
    return args.hashValues ? paramPathsOf(args.hashValues, frame, sink, deferred, this.lines) : deferred;
  }

  /** `param* hash? blockParams?` then the close (`}}`, or `)` when `paren`), which it consumes. */
  private args(paren: boolean, allowBlockParams: boolean, frame: Frame): Args {
    let params: Expr[] | undefined;
    let hashKeys: string[] | undefined;
    let hashValues: Expr[] | undefined;
    let blockParams: string[] | undefined;
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
      if (key !== undefined) {
        const value = this.param(frame);
        hashKeys = appended(hashKeys, key);
        hashValues = appended(hashValues, value);
        continue;
      }
      if (hashKeys) giveUp();
      params = appended(params, this.param(frame));
    }
    return params || hashKeys || blockParams ? { params, hashKeys, hashValues, blockParams } : NO_ARGS;
  }

  private param(frame: Frame): Expr {
    this.skipWs();
    if (this.src.charCodeAt(this.i) !== 40) return this.helperName();
    const open = this.i;
    this.i++;
    this.skipWs();
    const head = this.helperName();
    const args = this.args(true, false, frame);
    const sub: Sink = { nodes: [], paths: [], helpers: [], partials: [], markers: [] };
    this.call(true, head, args, open, this.i, frame, sub);
    return expr('SubExpression', '', open, this.i, false, 0, undefined, undefined, sub);
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

function pathUse(node: PieceNode, e: Expr, frame: Frame): PathUse {
  const root = rootName(e.data, e.text, e.head, e.second, e.depth, frame.scopes, frame.locals);
  return root === undefined ? { node, isData: e.data } : { node, isData: e.data, rootName: root };
}

/** Adds the path expressions of `exprs` as variables; collects the sub-expressions' results into `deferred`. */
function paramPathsOf(exprs: readonly Expr[], frame: Frame, sink: Sink, deferred: Sink[] | undefined, lines: PieceLines): Sink[] | undefined {
  let out = deferred;
  for (const e of exprs) {
    if (e.sub) {
      out = appended(out, e.sub);
    } else if (e.type === 'PathExpression') {
      const node = new PieceNode('variable', e.text, frame.scopes, lines, e.from, e.to, e.from, e.to);
      sink.nodes.push(node);
      sink.paths.push(pathUse(node, e, frame));
    }
  }
  return out;
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
