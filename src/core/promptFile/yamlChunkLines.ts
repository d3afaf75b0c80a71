// Where yamlChunks.ts cuts the frontmatter YAML: the lines of its top-level keys, and the items of a top-level block
// sequence (`tests:`), found from the file's line starts without parsing.
import type { LineIndex } from './positions';

/** Keys the yaml package resolves to something other than that string, or that are unsafe as object keys. */
export const SPECIAL_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|__proto__)$/;
export const SIMPLE_KEY_LINE = /^([A-Za-z_][A-Za-z0-9_.-]*):[ \t]*$/;

/** The line indexes of top-level keys; undefined when something other than comments comes before the first one. */
export function topLevelLines(source: string, lines: readonly number[]): number[] | undefined {
  const tops: number[] = [];
  for (let l = 0; l < lines.length; l++) {
    const c = source.charCodeAt(lines[l]);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 35 || Number.isNaN(c)) continue;
    // `- x` at column 0 continues a sequence (`tests:\n- name: a`); `-x` is a key.
    if (c === 45 && isBlankOrEnd(source.charCodeAt(lines[l] + 1))) {
      if (tops.length === 0) return undefined;
      continue;
    }
    tops.push(l);
  }
  return tops.length > 0 ? tops : undefined;
}

/** Item start lines when the key on `keyLine` is `key:` followed directly by a block sequence; else undefined. */
export function sequenceItems(source: string, lines: readonly number[], keyLine: number, toLine: number): number[] | undefined {
  const m = SIMPLE_KEY_LINE.exec(lineText(source, lines, keyLine));
  if (!m || SPECIAL_KEY.test(m[1]) || keyLine + 1 >= toLine) return undefined;
  const first = lineText(source, lines, keyLine + 1);
  const indent = first.length - first.trimStart().length;
  if (!isItemStart(first, indent) || first.slice(0, indent).includes('\t')) return undefined;
  const items: number[] = [];
  for (let l = keyLine + 1; l < toLine; l++) if (isItemAt(source, lines[l], indent)) items.push(l);
  return items;
}

/** isItemStart with no tab in the indent, on the line starting at `p` (a line break is no space, so it stops there). */
function isItemAt(source: string, p: number, indent: number): boolean {
  for (let k = 0; k < indent; k++) if (source.charCodeAt(p + k) !== 32) return false;
  return source.charCodeAt(p + indent) === 45 && isBlankOrEnd(source.charCodeAt(p + indent + 1));
}

function isItemStart(line: string, indent: number): boolean {
  return line.charCodeAt(indent) === 45 && isBlankOrEnd(line.charCodeAt(indent + 1)) && /^[ \t]*$/.test(line.slice(0, indent));
}

function isBlankOrEnd(c: number): boolean {
  return Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * The line starts of `text.slice(start, end)`, relative to `start`, as a LineIndex of that slice would find them: read
 * from the file's index (whose line `startLine` holds `start`), not by scanning the text again.
 */
export function lineStartsIn(index: LineIndex, startLine: number, start: number, end: number): number[] {
  const all = index.lineStarts();
  const lines = [0];
  for (let l = startLine + 1; l < all.length && all[l] <= end; l++) if (all[l] > start) lines.push(all[l] - start);
  return lines;
}

export function lineText(source: string, lines: readonly number[], l: number): string {
  const end = l + 1 < lines.length ? lines[l + 1] : source.length;
  return source.slice(lines[l], end).replace(/[\r\n]+$/, '');
}

export function sliceLines(source: string, lines: readonly number[], from: number, to: number): string {
  return source.slice(lines[from], to < lines.length ? lines[to] : source.length);
}
