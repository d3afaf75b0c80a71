// What the template analysis yields, shared by the two readers that produce it: the walk over Handlebars' own AST
// (template.ts) and the one-pass fast reader (templateFastParse.ts).
import type { Diagnostic, Located, Range, Role, RoleSection, TemplateNode } from './model';
import type { PieceLines } from './templatePieceNode';

/** A path used by the template, with what the diagnostics need to judge it. */
export interface PathUse {
  readonly node: TemplateNode;
  /** First segment as seen from the input (`user` for `user.name` and `@root.user.name`); absent when not rooted. */
  readonly rootName?: string;
  /** True for `@index`-like data variables. */
  readonly isData: boolean;
}

/** A helper call (mustache, block or sub-expression with a helper name). */
export interface HelperCall {
  readonly node: TemplateNode;
  readonly params: readonly ParamInfo[];
  readonly hashKeys: readonly string[];
}

/** One positional argument of a helper call. */
export interface ParamInfo {
  /** Handlebars node type: `StringLiteral`, `PathExpression`, `NumberLiteral`, `SubExpression`, … */
  readonly type: string;
  /** The literal's value, or the path as written. */
  readonly value: string;
  readonly range: Range;
}

export interface TemplateResult {
  readonly nodes: TemplateNode[];
  readonly sections: RoleSection[];
  readonly partials: Located<string>[];
  /**
   * The paths and helper calls piece by piece, in order: only the checks read them, one after another, so they are
   * not copied into one list as the nodes are.
   */
  readonly paths: readonly (readonly PathUse[])[];
  readonly helpers: readonly (readonly HelperCall[])[];
  readonly diagnostics: Diagnostic[];
}

/** A role marker (`{{role "system"}}`) and the range of its statement. */
export interface RoleMarker {
  readonly role: Role;
  readonly range: Range;
}

/** The lists an analysis fills. */
export interface PieceParts {
  readonly nodes: TemplateNode[];
  readonly paths: PathUse[];
  readonly helpers: HelperCall[];
  readonly partials: Located<string>[];
  readonly markers: RoleMarker[];
}

/** What one top-level piece of the body yields, in positions relative to line `origin` of the file. */
export interface Piece extends PieceParts {
  /** The fast reader's pieces: their lines, from which their nodes compute ranges when read (templatePieceNode.ts). */
  readonly lines?: PieceLines;
  /** The file line the piece's first line was at when it was analysed (0 for pieces Handlebars parsed). */
  readonly origin: number;
  /** True when every position is exact (the fast parser's): placed at `origin`, the piece needs no clamping. */
  readonly exact: boolean;
  /** The piece placed in the file at its last position; an edit elsewhere usually leaves it where it was. */
  placed?: { readonly startLine: number; readonly piece: Piece };
}

/** Helpers Dotprompt registers, and Handlebars' own. */
export const DOTPROMPT_HELPERS: readonly string[] = ['role', 'history', 'section', 'media', 'json', 'ifEquals', 'unlessEquals'];
export const HANDLEBARS_HELPERS: readonly string[] = ['if', 'unless', 'each', 'with', 'lookup', 'log'];
/** The known helpers by name length: names read from a template are fresh strings, which a Set lookup must hash first. */
const KNOWN_BY_LENGTH: string[][] = [];
for (const name of [...DOTPROMPT_HELPERS, ...HANDLEBARS_HELPERS]) (KNOWN_BY_LENGTH[name.length] ??= []).push(name);

/**
 * The known helper `name` is, as the constant itself, or undefined; without hashing it. A node named by the constant
 * compares equal to the helper names in the checks at once (two distinct texts are compared character by character).
 */
export function knownHelper(name: string): string | undefined {
  const list = KNOWN_BY_LENGTH[name.length];
  if (list === undefined) return undefined;
  // The first letter rules out most names before a string comparison.
  const c = name.charCodeAt(0);
  for (let i = 0; i < list.length; i++) if (list[i].charCodeAt(0) === c && list[i] === name) return list[i];
  return undefined;
}

/** The known helper whose name is `src` from `from` to `to`, as the constant, or undefined; without cutting the name out. */
export function knownHelperAt(src: string, from: number, to: number): string | undefined {
  const list = KNOWN_BY_LENGTH[to - from];
  if (list === undefined) return undefined;
  const c = src.charCodeAt(from);
  for (let i = 0; i < list.length; i++) if (list[i].charCodeAt(0) === c && src.startsWith(list[i], from)) return list[i];
  return undefined;
}

/** Whether `name` is one of Dotprompt's or Handlebars' helpers, without hashing it. */
export function isKnownHelper(name: string): boolean {
  return knownHelper(name) !== undefined;
}
/** Whether `name` is a block helper whose body sees the element, not the outer context (`each`, `with`), without hashing it. */
export function isScopeHelper(name: string): boolean {
  return name === 'each' || name === 'with';
}

/**
 * The input a path reads (`user` for `user.name` and `@root.user.name`), or undefined when it is not rooted in the
 * input: a data variable, a block param, or a path inside `#each`/`#with` that does not climb out with `../`.
 * `head` and `second` are the path's first two segments after any `this`, `.` and `..`.
 */
export function rootName(data: boolean, original: string, head: string | undefined, second: string | undefined, depth: number,
  scopes: readonly string[], locals: ReadonlySet<string>): string | undefined {
  if (data) {
    // `@root.x` is the input `x`; other data variables are not inputs.
    const afterRoot = head === 'root' ? second : undefined;
    return original.startsWith('@root.') && afterRoot !== undefined ? afterRoot : undefined;
  }
  if (head === undefined) return undefined;
  if (depth === 0 && locals.size > 0 && locals.has(head) && !/^(this|\.)\b/.test(original)) return undefined;
  // Inside #each/#with the context is the element; `../` climbs back out.
  if (depth < scopes.length) return undefined;
  if (scopes.length > 0 && /^(this|\.)([./]|$)/.test(original)) return undefined;
  return head;
}
