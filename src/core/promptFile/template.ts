// Reads the template body (the fast reader, else Handlebars' own parser): nodes with exact ranges, role sections, partials,
// syntax errors.
import Handlebars from 'handlebars';
import { detached } from './detach';
import { diag } from './diagnosticCodes';
import { syntaxDiagnostic } from './templateErrors';
import { buildSections, clampPos, placePiece } from './templateLayout';
import { fastAnalyse } from './templateFastParse';
import { isKnownHelper, isScopeHelper, rootName, type ParamInfo, type Piece, type TemplateResult } from './templateModel';
import { scanTemplate } from './templateScan';
import type { Position, Range, Role, TemplateNode, TemplateNodeKind } from './model';
import type { LineIndex } from './positions';

interface Frame {
  readonly node: hbs.AST.Node;
  readonly scopes: readonly string[];
  readonly locals: ReadonlySet<string>;
}

/** Blocks nested deeper than this are not given to Handlebars, whose parser is quadratic in nesting depth. */
export const MAX_BLOCK_DEPTH = 100;
const PIECE_CHARS = 768;
const MAX_CACHED_PIECES = 4000;
/** Analysed pieces by pieceKey, with the text and first column they were analysed at, the most recently used last. */
const pieceCache = new Map<number, { readonly src: string; readonly baseChar: number; readonly piece: Piece }[]>();
/** Pieces kept under one key: the versions of an edited piece that keep its length and sampled characters. */
const MAX_BUCKET = 8;
/** How many pieces the cache holds, in every slot. */
let cachedPieces = 0;

/** Analyses the body that starts at `bodyOffset`; positions are in the whole file. Never throws. */
export function analyseTemplate(text: string, bodyOffset: number, index: LineIndex): TemplateResult {
  const result: TemplateResult = { nodes: [], sections: [], partials: [], paths: [], helpers: [], diagnostics: [] };
  const body = text.slice(bodyOffset);
  const base = index.positionAt(bodyOffset);
  const bodyRange = index.range(bodyOffset, text.length);
  const scan = scanTemplate(body, PIECE_CHARS, MAX_BLOCK_DEPTH);
  if (scan.maxDepth > MAX_BLOCK_DEPTH) {
    const at = index.range(bodyOffset + scan.deepestAt, bodyOffset + scan.deepestAt + 2);
    result.diagnostics.push(diag('PO2001', at, `Blocks are nested more than ${MAX_BLOCK_DEPTH} levels deep here; PromptOps does not check or render such templates. Flatten the blocks.`));
    result.sections.push({ role: 'user', range: bodyRange });
    return result;
  }
  const cuts = [0, ...scan.boundaries, body.length];
  const pieces: { piece: Piece; line: number }[] = [];
  try {
    for (let i = 0; i + 1 < cuts.length; i++) {
      const src = body.slice(cuts[i], cuts[i + 1]);
      const line = index.positionAt(bodyOffset + cuts[i]).line;
      pieces.push({ piece: cachedPiece(src, i === 0 ? base.character : 0, line), line });
    }
  } catch {
    // A piece failed: parse the body whole, so the error and its position are exactly Handlebars' own.
    try {
      pieces.length = 0;
      pieces.push({ piece: analysePiece(body, base.character, false, base.line), line: base.line });
    } catch (e) {
      const toPos = (p: { line: number; column: number }): Position =>
        clampPos(index, { line: base.line + p.line - 1, character: (p.line === 1 ? base.character : 0) + p.column });
      result.diagnostics.push(syntaxDiagnostic(e, body, bodyOffset, index, toPos));
      result.sections.push({ role: 'user', range: bodyRange });
      return result;
    }
  }
  const placed = pieces.map(({ piece, line }) => placePiece(piece, line, index));
  return {
    nodes: joined(placed, (p) => p.nodes),
    sections: buildSections(joined(placed, (p) => p.markers), bodyRange),
    partials: joined(placed, (p) => p.partials),
    paths: placed.map((p) => p.paths),
    helpers: placed.map((p) => p.helpers),
    diagnostics: result.diagnostics,
  };
}

/** One list of every piece's items, sized once (pushing piece by piece grew, and copied, the list many times). */
function joined<T>(pieces: readonly Piece[], list: (p: Piece) => readonly T[]): T[] {
  let n = 0;
  for (let i = 0; i < pieces.length; i++) n += list(pieces[i]).length;
  const out = new Array<T>(n);
  let k = 0;
  for (let i = 0; i < pieces.length; i++) {
    const items = list(pieces[i]);
    for (let j = 0; j < items.length; j++) out[k++] = items[j];
  }
  return out;
}

/** How many analysed pieces the cache holds (for tests of its bound). */
export function cachedPieceCount(): number {
  return cachedPieces;
}

/** Forgets every cached piece (benchmarks measure cold parses with it). */
export function clearPieceCache(): void {
  pieceCache.clear();
  cachedPieces = 0;
}

function cachedPiece(src: string, baseChar: number, startLine: number): Piece {
  const key = pieceKey(src, baseChar);
  const bucket = pieceCache.get(key);
  if (bucket !== undefined) {
    for (let k = 0; k < bucket.length; k++) {
      const hit = bucket[k];
      if (hit.baseChar !== baseChar || hit.src !== src) continue;
      // Refresh its place so the most used pieces stay.
      pieceCache.delete(key);
      pieceCache.set(key, bucket);
      return hit.piece;
    }
  }
  // A copy: the text kept with the piece (and the names read from it) would otherwise keep this version of the whole
  // file alive.
  const own = detached(src);
  const piece = analysePiece(own, baseChar, false, startLine);
  const entry = { src: own, baseChar, piece };
  if (bucket !== undefined) {
    // Pieces that differ only where the key does not look (a number in a repeated line) share a slot.
    bucket.push(entry);
    if (bucket.length > MAX_BUCKET) bucket.shift();
    else cachedPieces++;
    pieceCache.delete(key);
  } else {
    cachedPieces++;
  }
  // The most recently used slot goes last; the least recently used go first when the cache is full.
  pieceCache.set(key, bucket ?? [entry]);
  for (const [oldest, pieces] of pieceCache) {
    if (cachedPieces <= MAX_CACHED_PIECES || oldest === key) break;
    cachedPieces -= pieces.length;
    pieceCache.delete(oldest);
  }
  return piece;
}

/**
 * A number that picks a piece's cache slot: its length, its first column and up to 64 of its characters. A Map keyed
 * by the text itself hashed every character of the body on every parse (the keys are fresh strings); a slot holds
 * every piece with its key, told apart by comparing the texts.
 */
function pieceKey(src: string, baseChar: number): number {
  const n = src.length;
  const step = n > 64 ? Math.floor(n / 64) : 1;
  let h = (Math.imul(n, 0x9e3779b1) ^ baseChar) | 0;
  for (let i = 0; i < n; i += step) h = Math.imul(h ^ src.charCodeAt(i), 0x01000193);
  return h ^ src.charCodeAt(n - 1);
}

/**
 * Analyses one piece, parsed by the fast parser or, when it is unsure, by Handlebars (whose error it throws).
 * Positions are relative to the piece, whose first line is `startLine` of the file when the fast parser read it (so
 * placing it there costs nothing) and 0 when Handlebars did. `handlebarsOnly` is for tests that compare the parsers.
 */
export function analysePiece(src: string, baseChar: number, handlebarsOnly = false, startLine = 0): Piece {
  const fast = handlebarsOnly ? undefined : fastAnalyse(src, baseChar, startLine);
  if (fast) return fast;
  const ast = Handlebars.parseWithoutProcessing(src);
  // Handlebars' columns are not trusted to lie inside the text, so its pieces are always placed (and clamped).
  const piece: Piece = { nodes: [], paths: [], helpers: [], partials: [], markers: [], origin: 0, exact: false };
  const zero: Range = { start: { line: 0, character: baseChar }, end: { line: 0, character: baseChar } };
  const toPos = (p: { line: number; column: number }): Position => ({ line: p.line - 1, character: (p.line === 1 ? baseChar : 0) + p.column });
  const toRange = (loc: hbs.AST.SourceLocation | undefined, fallback: Range): Range =>
    loc ? { start: toPos(loc.start), end: toPos(loc.end) } : fallback;
  const stack: Frame[] = [{ node: ast, scopes: [], locals: new Set() }];
  const add = (kind: TemplateNodeKind, name: string, range: Range, nameRange: Range, scopes: readonly string[]): TemplateNode => {
    const node: TemplateNode = { kind, name, range, nameRange, scopes };
    piece.nodes.push(node);
    return node;
  };
  const addPath = (expr: hbs.AST.Expression, frame: Frame): void => {
    if (expr.type === 'SubExpression') {
      stack.push({ node: expr, scopes: frame.scopes, locals: frame.locals });
      return;
    }
    if (expr.type !== 'PathExpression') return;
    const p = expr as hbs.AST.PathExpression;
    const r = toRange(p.loc, zero);
    const node = add('variable', p.original, r, r, frame.scopes);
    piece.paths.push({ node, isData: p.data, ...rootOf(p, frame) });
  };
  const visitCall = (kind: TemplateNodeKind, n: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression, frame: Frame): TemplateNode | undefined => {
    const path = n.path;
    const range = toRange(n.loc, zero);
    const params = n.params ?? [];
    const hashPairs = n.hash?.pairs ?? [];
    for (const e of params) addPath(e, frame);
    for (const pair of hashPairs) addPath(pair.value, frame);
    if (path.type !== 'PathExpression') return undefined;
    const p = path as hbs.AST.PathExpression;
    const nameRange = toRange(p.loc, range);
    const isCall = params.length > 0 || hashPairs.length > 0 || isKnownHelper(p.original) || n.type === 'SubExpression';
    if (!isCall && kind !== 'block') {
      const node = add('variable', p.original, range, nameRange, frame.scopes);
      piece.paths.push({ node, isData: p.data, ...rootOf(p, frame) });
      return node;
    }
    const node = add(kind === 'block' ? 'block' : 'helper', p.original, range, nameRange, frame.scopes);
    if (isCall) {
      const infos = params.map((e): ParamInfo => ({ type: e.type, value: paramText(e), range: toRange(e.loc, range) }));
      piece.helpers.push({ node, params: infos, hashKeys: hashPairs.map((h) => h.key) });
    } else {
      piece.paths.push({ node, isData: p.data, ...rootOf(p, frame) });
    }
    if (p.original === 'role' && params[0]?.type === 'StringLiteral') {
      piece.markers.push({ role: (params[0] as hbs.AST.StringLiteral).value as Role, range });
    }
    return node;
  };
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const n = frame.node;
    switch (n.type) {
      case 'Program': {
        const body = (n as hbs.AST.Program).body;
        for (let i = body.length - 1; i >= 0; i--) stack.push({ node: body[i], scopes: frame.scopes, locals: frame.locals });
        break;
      }
      case 'MustacheStatement':
      case 'SubExpression':
        visitCall('helper', n as hbs.AST.MustacheStatement, frame);
        break;
      case 'BlockStatement':
      case 'DecoratorBlock': {
        const b = n as hbs.AST.BlockStatement;
        const node = visitCall('block', b, frame);
        const name = node?.name ?? '';
        const isHelper = isKnownHelper(name) || (b.params?.length ?? 0) > 0;
        const changesScope = isScopeHelper(name) || (!isHelper && name !== '');
        const inner = changesScope ? [...frame.scopes, name] : frame.scopes;
        if (b.inverse) stack.push({ node: b.inverse, scopes: frame.scopes, locals: frame.locals });
        if (b.program) {
          const params = b.program.blockParams ?? [];
          const locals = params.length > 0 ? new Set([...frame.locals, ...params]) : frame.locals;
          stack.push({ node: b.program, scopes: inner, locals });
        }
        break;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const ps = n as hbs.AST.PartialStatement;
        const range = toRange(ps.loc, zero);
        const nameExpr = ps.name;
        const nameRange = toRange(nameExpr.loc, range);
        const name = nameExpr.type === 'PathExpression' ? (nameExpr).original : '';
        add('partial', name, range, nameRange, frame.scopes);
        if (name) piece.partials.push({ value: name, range: nameRange });
        for (const e of ps.params ?? []) addPath(e, frame);
        for (const pair of ps.hash?.pairs ?? []) addPath(pair.value, frame);
        const program = (n as hbs.AST.PartialBlockStatement).program as hbs.AST.Program | undefined;
        if (program) stack.push({ node: program, scopes: frame.scopes, locals: frame.locals });
        break;
      }
      case 'CommentStatement': {
        const r = toRange(n.loc, zero);
        add('comment', '', r, r, frame.scopes);
        break;
      }
      default:
        break;
    }
  }
  const order = (a: { range: Range }, b: { range: Range }): number => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
  piece.nodes.sort(order);
  piece.markers.sort(order);
  piece.partials.sort(order);
  return piece;
}

function paramText(e: hbs.AST.Expression): string {
  if (e.type === 'PathExpression') return (e as hbs.AST.PathExpression).original;
  const literal = e as Partial<hbs.AST.StringLiteral>;
  return literal.value !== undefined ? String(literal.value) : '';
}

function rootOf(p: hbs.AST.PathExpression, frame: Frame): { rootName?: string } {
  const parts = p.parts ?? [];
  const head = parts.length > 0 ? String(parts[0]) : undefined;
  const second = parts.length > 1 ? String(parts[1]) : undefined;
  const root = rootName(p.data, p.original, head, second, p.depth, frame.scopes, frame.locals);
  return root === undefined ? {} : { rootName: root };
}
