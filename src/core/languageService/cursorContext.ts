// Works out what the cursor is in — a frontmatter key or value (and its YAML path), a `{{ }}` expression, or prose —
// from the text alone, because completion runs on half-typed files that no parser accepts.
import type { Position, PromptDocument, Range } from '../promptFile/model';

export interface FrontmatterContext {
  readonly where: 'frontmatter';
  /** Path of the mapping the cursor is in, schema style: `''`, `config`, `tests[]`, `tests[].assert[]`. */
  readonly parentPath: string;
  /** On a key: the key typed so far. On a value: the key whose value it is. */
  readonly key: string;
  readonly onValue: boolean;
  /** A `- item` of a list value (e.g. under `models:`): `key` is the list's key. */
  readonly inListItem: boolean;
  /** What was typed of the key or value. */
  readonly prefix: string;
  readonly replaceRange: Range;
}

export type ExpressionTrigger = 'mustache' | 'block' | 'partial' | 'close' | 'role' | 'argument';

export interface ExpressionContext {
  readonly where: 'expression';
  readonly trigger: ExpressionTrigger;
  /** The path typed so far (`us`, `user.na`, `@in`). */
  readonly prefix: string;
  readonly replaceRange: Range;
  /** Enclosing open blocks, innermost last, e.g. `[{ helper: 'each', arg: 'items' }]`. */
  readonly blocks: readonly { readonly helper: string; readonly arg: string }[];
}

export type CursorContext = FrontmatterContext | ExpressionContext | { readonly where: 'text' };

interface LineShape {
  readonly dashes: readonly number[];
  readonly keyColumn: number;
  readonly key?: string;
  readonly hasValue: boolean;
}

const LEAD = /^( *)((?:- +)*)/;

function shapeOf(line: string): LineShape | undefined {
  if (/^\s*(#|$)/.test(line)) return undefined;
  const m = LEAD.exec(line)!;
  const dashes: number[] = [];
  let col = m[1].length;
  for (const d of m[2].matchAll(/- +/g)) {
    dashes.push(col);
    col += d[0].length;
  }
  const km = /^(["']?)([^"':#]+?)\1\s*:(?:\s+(.*))?$/.exec(line.slice(col).replace(/\s+#.*$/, ''));
  const hasValue = km ? (km[3] ?? '').trim() !== '' : line.slice(col).trim() !== '';
  return km ? { dashes, keyColumn: col, key: km[2], hasValue } : { dashes, keyColumn: col, hasValue };
}

/** The YAML path of the mapping that encloses a line, by indentation (tolerates invalid YAML). */
export function enclosingPath(lines: readonly string[], line: number, threshold: number, cursorDashes: readonly number[]): string {
  const parts: string[] = cursorDashes.map(() => '[]');
  let limit = cursorDashes.length > 0 ? cursorDashes[0] : threshold;
  for (let l = line - 1; l >= 0 && limit > 0; l--) {
    const shape = shapeOf(lines[l]);
    if (!shape) continue;
    if (shape.key !== undefined && shape.keyColumn < limit) {
      if (shape.hasValue) break;
      parts.unshift(shape.key);
      for (let i = shape.dashes.length - 1; i >= 0; i--) parts.unshift('[]');
      limit = shape.dashes.length > 0 ? shape.dashes[0] : shape.keyColumn;
    } else {
      const inner = shape.dashes.filter((d) => d < limit);
      for (const _ of inner) parts.unshift('[]');
      if (inner.length > 0) limit = inner[0]!;
      else if (shape.keyColumn < limit) limit = shape.keyColumn;
    }
  }
  return parts.reduce((acc, p) => (p === '[]' ? `${acc}[]` : acc === '' ? p : `${acc}.${p}`), '');
}

function frontmatterContext(lines: readonly string[], yamlFirstLine: number, pos: Position): FrontmatterContext {
  const lineText = lines[pos.line] ?? '';
  const before = lineText.slice(0, pos.character);
  const m = LEAD.exec(before)!;
  const dashes: number[] = [];
  let col = m[1].length;
  for (const d of m[2].matchAll(/- +/g)) {
    dashes.push(col);
    col += d[0].length;
  }
  const rest = before.slice(col);
  const yamlLines = lines.slice(yamlFirstLine, pos.line + 1);
  const local = pos.line - yamlFirstLine;
  const at = (c: number): Position => ({ line: pos.line, character: c });
  const kv = /^(["']?)([^"':#]+?)\1\s*:\s*(.*)$/.exec(rest);
  if (kv) {
    const value = kv[3];
    const valueStart = pos.character - value.length;
    const wordEnd = valueStart + (/^[^\s#,\]}]*/.exec(lineText.slice(valueStart))![0].length);
    return {
      where: 'frontmatter', parentPath: enclosingPath(yamlLines, local, col, dashes), key: kv[2], onValue: true, inListItem: false,
      prefix: value, replaceRange: { start: at(valueStart), end: at(Math.max(wordEnd, pos.character)) },
    };
  }
  const wordEnd = col + rest.length + (/^[\w.-]*/.exec(lineText.slice(pos.character))![0].length);
  if (dashes.length > 0) {
    const listKey = listParentKey(yamlLines, local, dashes[dashes.length - 1]);
    if (listKey && SCALAR_LISTS.has(listKey.key)) {
      return {
        where: 'frontmatter', parentPath: listKey.parentPath, key: listKey.key, onValue: true, inListItem: true,
        prefix: rest, replaceRange: { start: at(col), end: at(Math.max(wordEnd, pos.character)) },
      };
    }
  }
  return {
    where: 'frontmatter', parentPath: enclosingPath(yamlLines, local, col, dashes), key: rest, onValue: false, inListItem: false,
    prefix: rest, replaceRange: { start: at(col), end: at(Math.max(wordEnd, pos.character)) },
  };
}

/** Keys whose value is a list of scalars, where `- ` starts a value rather than a mapping. */
const SCALAR_LISTS = new Set(['models', 'stopSequences', 'tools', 'provider', 'value']);

function listParentKey(lines: readonly string[], line: number, dashColumn: number): { key: string; parentPath: string } | undefined {
  for (let l = line - 1; l >= 0; l--) {
    const shape = shapeOf(lines[l]);
    if (!shape) continue;
    if (shape.keyColumn <= dashColumn && shape.dashes.every((d) => d < dashColumn)) {
      if (shape.key === undefined || shape.hasValue || shape.keyColumn === dashColumn) return undefined;
      return { key: shape.key, parentPath: enclosingPath(lines, l, shape.keyColumn, shape.dashes) };
    }
  }
  return undefined;
}

const BLOCK_TOKEN = /\{\{~?\s*([#/])\s*([\w-]+)([^}]*)\}\}/g;

function openBlocks(body: string): { helper: string; arg: string }[] {
  const stack: { helper: string; arg: string }[] = [];
  for (const m of body.matchAll(BLOCK_TOKEN)) {
    if (m[1] === '#') stack.push({ helper: m[2], arg: m[3].trim().split(/\s+/)[0] ?? '' });
    else {
      const i = stack.map((b) => b.helper).lastIndexOf(m[2]);
      if (i >= 0) stack.length = i;
    }
  }
  return stack;
}

/** Classifies the position in a parsed document; `offset` is the cursor's offset in `doc.text`. */
export function cursorContext(doc: PromptDocument, pos: Position, offset: number): CursorContext {
  const text = doc.text;
  if (doc.frontmatterRange && offset < doc.bodyOffset) {
    const fmStart = doc.frontmatterRange.start.line;
    if (pos.line === fmStart || (pos.line === doc.frontmatterRange.end.line && offset >= doc.bodyOffset - 4)) return { where: 'text' };
    return frontmatterContext(text.split(/\r\n|\r|\n/), fmStart + 1, pos);
  }
  const before = text.slice(Math.max(doc.bodyOffset, offset - 400), offset);
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.indexOf('}}', open) >= 0 || /^\{\{~?!/.test(before.slice(open))) return { where: 'text' };
  const longComment = before.lastIndexOf('{{!--');
  if (longComment >= 0 && before.indexOf('--}}', longComment) < 0) return { where: 'text' };
  const inside = before.slice(open + 2).replace(/^\{|^~/, '');
  const blocks = openBlocks(text.slice(doc.bodyOffset, offset - (before.length - open)));
  const closing = /^\s*\//.test(inside);
  const word = (closing ? /[\w.$-]*$/ : /[@\w.$/-]*$/).exec(inside)![0];
  const after = /^[\w.$-]*/.exec(text.slice(offset))![0];
  const replaceRange: Range = { start: { line: pos.line, character: pos.character - word.length }, end: { line: pos.line, character: pos.character + after.length } };
  let trigger: ExpressionTrigger = 'argument';
  const head = inside.slice(0, inside.length - word.length);
  if (/^\s*$/.test(head)) trigger = 'mustache';
  else if (/^\s*#\s*$/.test(head)) trigger = 'block';
  else if (/^\s*\/\s*$/.test(head)) trigger = 'close';
  else if (/^\s*#?>\s*$/.test(head)) trigger = 'partial';
  else if (/^\s*role\s+["']$/.test(head)) trigger = 'role';
  return { where: 'expression', trigger, prefix: word, replaceRange, blocks };
}
