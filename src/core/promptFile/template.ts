// Reads the template body with Handlebars' own parser: nodes with exact ranges, role sections, partials, syntax errors.
import Handlebars from 'handlebars';
import { diag } from './diagnosticCodes';
import type { Diagnostic, Located, Position, Range, Role, RoleSection, TemplateNode, TemplateNodeKind } from './model';
import type { LineIndex } from './positions';

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
  readonly paths: PathUse[];
  readonly helpers: HelperCall[];
  readonly diagnostics: Diagnostic[];
}

/** Helpers Dotprompt registers, and Handlebars' own. */
export const DOTPROMPT_HELPERS: readonly string[] = ['role', 'history', 'section', 'media', 'json', 'ifEquals', 'unlessEquals'];
export const HANDLEBARS_HELPERS: readonly string[] = ['if', 'unless', 'each', 'with', 'lookup', 'log'];
const KNOWN_HELPERS = new Set([...DOTPROMPT_HELPERS, ...HANDLEBARS_HELPERS]);
const SCOPE_HELPERS = new Set(['each', 'with']);

interface Frame {
  readonly node: hbs.AST.Node;
  readonly scopes: readonly string[];
  readonly locals: ReadonlySet<string>;
}

/** Analyses the body that starts at `bodyOffset`; positions are in the whole file. Never throws. */
export function analyseTemplate(text: string, bodyOffset: number, index: LineIndex): TemplateResult {
  const result: TemplateResult = { nodes: [], sections: [], partials: [], paths: [], helpers: [], diagnostics: [] };
  const body = text.slice(bodyOffset);
  const base = index.positionAt(bodyOffset);
  const toPos = (p: { line: number; column: number }): Position =>
    clampPos(index, { line: base.line + p.line - 1, character: (p.line === 1 ? base.character : 0) + p.column });
  const toRange = (loc: hbs.AST.SourceLocation | undefined, fallback: Range): Range =>
    loc ? { start: toPos(loc.start), end: toPos(loc.end) } : fallback;
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parseWithoutProcessing(body);
  } catch (e) {
    result.diagnostics.push(syntaxDiagnostic(e, body, bodyOffset, index, toPos));
    result.sections.push({ role: 'user', range: index.range(bodyOffset, text.length) });
    return result;
  }
  const bodyRange = index.range(bodyOffset, text.length);
  const stack: Frame[] = [{ node: ast, scopes: [], locals: new Set() }];
  const markers: { role: Role; range: Range }[] = [];
  const add = (kind: TemplateNodeKind, name: string, range: Range, nameRange: Range, scopes: readonly string[]): TemplateNode => {
    const node: TemplateNode = { kind, name, range, nameRange, scopes };
    result.nodes.push(node);
    return node;
  };
  const addPath = (expr: hbs.AST.Expression, frame: Frame): void => {
    if (expr.type === 'SubExpression') {
      stack.push({ node: expr, scopes: frame.scopes, locals: frame.locals });
      return;
    }
    if (expr.type !== 'PathExpression') return;
    const p = expr as hbs.AST.PathExpression;
    const r = toRange(p.loc, bodyRange);
    const node = add('variable', p.original, r, r, frame.scopes);
    result.paths.push({ node, isData: p.data, ...rootOf(p, frame) });
  };
  const visitCall = (kind: TemplateNodeKind, n: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression, frame: Frame): TemplateNode | undefined => {
    const path = n.path;
    const range = toRange(n.loc, bodyRange);
    const params = n.params ?? [];
    const hashPairs = n.hash?.pairs ?? [];
    for (const e of params) addPath(e, frame);
    for (const pair of hashPairs) addPath(pair.value, frame);
    if (path.type !== 'PathExpression') return undefined;
    const p = path as hbs.AST.PathExpression;
    const nameRange = toRange(p.loc, range);
    const isCall = params.length > 0 || hashPairs.length > 0 || KNOWN_HELPERS.has(p.original) || n.type === 'SubExpression';
    if (!isCall && kind !== 'block') {
      const node = add('variable', p.original, range, nameRange, frame.scopes);
      result.paths.push({ node, isData: p.data, ...rootOf(p, frame) });
      return node;
    }
    const node = add(kind === 'block' ? 'block' : 'helper', p.original, range, nameRange, frame.scopes);
    if (isCall) {
      const infos = params.map((e): ParamInfo => ({ type: e.type, value: paramText(e), range: toRange(e.loc, range) }));
      result.helpers.push({ node, params: infos, hashKeys: hashPairs.map((h) => h.key) });
    }
    else result.paths.push({ node, isData: p.data, ...rootOf(p, frame) });
    if (p.original === 'role' && params[0]?.type === 'StringLiteral') {
      markers.push({ role: (params[0] as hbs.AST.StringLiteral).value as Role, range });
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
        const isHelper = KNOWN_HELPERS.has(name) || (b.params?.length ?? 0) > 0;
        const changesScope = SCOPE_HELPERS.has(name) || (!isHelper && name !== '');
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
        const range = toRange(ps.loc, bodyRange);
        const nameExpr = ps.name;
        const nameRange = toRange(nameExpr.loc, range);
        const name = nameExpr.type === 'PathExpression' ? (nameExpr).original : '';
        add('partial', name, range, nameRange, frame.scopes);
        if (name) result.partials.push({ value: name, range: nameRange });
        for (const e of ps.params ?? []) addPath(e, frame);
        for (const pair of ps.hash?.pairs ?? []) addPath(pair.value, frame);
        const program = (n as hbs.AST.PartialBlockStatement).program as hbs.AST.Program | undefined;
        if (program) stack.push({ node: program, scopes: frame.scopes, locals: frame.locals });
        break;
      }
      case 'CommentStatement': {
        const r = toRange(n.loc, bodyRange);
        add('comment', '', r, r, frame.scopes);
        break;
      }
      default:
        break;
    }
  }
  result.nodes.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  result.sections.push(...buildSections(markers, bodyRange));
  return result;
}

function paramText(e: hbs.AST.Expression): string {
  if (e.type === 'PathExpression') return (e as hbs.AST.PathExpression).original;
  const literal = e as Partial<hbs.AST.StringLiteral>;
  return literal.value !== undefined ? String(literal.value) : '';
}

function rootOf(p: hbs.AST.PathExpression, frame: Frame): { rootName?: string } {
  const parts = p.parts ?? [];
  if (p.data) {
    // `@root.x` is the input `x`; other data variables are not inputs.
    return p.original.startsWith('@root.') && parts.length > 0 ? { rootName: String(parts[0]) } : {};
  }
  if (parts.length === 0) return {};
  const head = String(parts[0]);
  if (frame.locals.has(head) && p.depth === 0 && !/^(this|\.)\b/.test(p.original)) return {};
  // Inside #each/#with the context is the element; `../` climbs back out.
  if (p.depth < frame.scopes.length) return {};
  if (/^(this|\.)([./]|$)/.test(p.original) && frame.scopes.length > 0) return {};
  return { rootName: head };
}

function buildSections(markers: { role: Role; range: Range }[], bodyRange: Range): RoleSection[] {
  markers.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const sections: RoleSection[] = [];
  const firstStart = markers[0]?.range.start;
  if (!firstStart || firstStart.line !== bodyRange.start.line || firstStart.character !== bodyRange.start.character) {
    sections.push({ role: 'user', range: { start: bodyRange.start, end: firstStart ?? bodyRange.end } });
  }
  markers.forEach((m, i) => {
    const end = markers[i + 1]?.range.start ?? bodyRange.end;
    sections.push({ role: m.role, range: { start: m.range.start, end }, markerRange: m.range });
  });
  return sections;
}

function clampPos(index: LineIndex, p: Position): Position {
  return index.positionAt(index.offsetAt(p));
}

interface JisonLexer { yylloc?: { first_line: number; first_column: number; last_line: number; last_column: number }; match?: string }

function syntaxDiagnostic(e: unknown, body: string, bodyOffset: number, index: LineIndex,
  toPos: (p: { line: number; column: number }) => Position): Diagnostic {
  const err = e as { message?: string; lineNumber?: number; column?: number; endLineNumber?: number; endColumn?: number };
  const raw = typeof err.message === 'string' ? err.message : String(e);
  if (typeof err.lineNumber === 'number' && typeof err.column === 'number') {
    const start = toPos({ line: err.lineNumber, column: err.column });
    const end = typeof err.endLineNumber === 'number' && typeof err.endColumn === 'number'
      ? toPos({ line: err.endLineNumber, column: err.endColumn }) : start;
    return diag('PO2001', { start, end }, friendlyMessage(raw.replace(/ - \d+:\d+$/, '')));
  }
  // Jison parse errors carry no location; the lexer still holds the offending token's.
  const lexer = (Handlebars as unknown as { Parser?: { yy?: { lexer?: JisonLexer } } }).Parser?.yy?.lexer;
  const loc = lexer?.yylloc;
  const unclosed = /got 'EOF'/.test(raw) ? findUnclosedBlock(body) : undefined;
  if (unclosed) {
    const r = index.range(bodyOffset + unclosed.start, bodyOffset + unclosed.end);
    return diag('PO2001', r, `\`{{#${unclosed.name}}}\` is never closed. Add \`{{/${unclosed.name}}}\` where the block ends.`);
  }
  if (loc && typeof loc.first_line === 'number') {
    const start = toPos({ line: loc.first_line, column: loc.first_column });
    const end = toPos({ line: loc.last_line, column: loc.last_column });
    return diag('PO2001', { start, end }, friendlyMessage(raw, lexer?.match));
  }
  const line = Number(/line (\d+)/.exec(raw)?.[1] ?? '1');
  const start = toPos({ line, column: 0 });
  return diag('PO2001', { start, end: start }, friendlyMessage(raw));
}

const TOKEN_NAMES: Record<string, string> = {
  CLOSE: '`}}`', CLOSE_UNESCAPED: '`}}}`', OPEN: '`{{`', EOF: 'the end of the template', INVALID: 'an invalid character',
  OPEN_ENDBLOCK: '`{{/`', OPEN_BLOCK: '`{{#`', OPEN_SEXPR: '`(`', CLOSE_SEXPR: '`)`', EQUALS: '`=`', ID: 'a name', STRING: 'a string',
  OPEN_PARTIAL: '`{{>`', OPEN_INVERSE: '`{{^`', INVERSE: '`{{else}}`', SEP: '`.` or `/`', DATA: '`@`',
};

function friendlyMessage(raw: string, match?: string): string {
  const got = /got '([A-Z_]+)'/.exec(raw)?.[1];
  if (got) {
    const what = TOKEN_NAMES[got] ?? `'${got}'`;
    const expected = /Expecting (.*), got/.exec(raw)?.[1]?.split(', ').map((t) => TOKEN_NAMES[t.replace(/'/g, '')] ?? t).slice(0, 4);
    const near = match && match.trim() ? ` near \`${match.trim().slice(0, 20)}\`` : '';
    return `Template syntax error: unexpected ${what}${near}${expected?.length ? `; expected ${expected.join(', ')}` : ''}. Check the braces and arguments of this expression.`;
  }
  if (/doesn't match/.test(raw)) {
    const m = /^(\S+) doesn't match (\S+)/.exec(raw);
    if (m) return `Block \`{{#${m[1]}}}\` is closed by \`{{/${m[2]}}}\`. Close it with \`{{/${m[1]}}}\`.`;
  }
  return `Template syntax error: ${raw.split('\n')[0]}. Correct the Handlebars expression here.`;
}

function findUnclosedBlock(body: string): { name: string; start: number; end: number } | undefined {
  const re = /\{\{~?\s*([#/])\s*>?\s*([^\s}~]+)[^}]*\}\}/g;
  const open: { name: string; start: number; end: number }[] = [];
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m[1] === '#') open.push({ name: m[2].replace(/^\*/, ''), start: m.index, end: m.index + m[0].length });
    else {
      const i = open.map((o) => o.name).lastIndexOf(m[2]);
      if (i >= 0) open.splice(i);
    }
  }
  return open.at(-1);
}
