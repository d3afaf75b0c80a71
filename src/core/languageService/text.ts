// Line access for the language service, computed once per parsed document.
import type { Position, PromptDocument, Range } from '../promptFile/model';

interface Lines {
  readonly lines: readonly string[];
  readonly starts: readonly number[];
}

const cache = new WeakMap<PromptDocument, Lines>();

function linesOf(doc: PromptDocument): Lines {
  let l = cache.get(doc);
  if (!l) {
    const lines: string[] = [];
    const starts: number[] = [];
    const re = /\r\n|\r|\n/g;
    let start = 0;
    for (let m = re.exec(doc.text); m; m = re.exec(doc.text)) {
      lines.push(doc.text.slice(start, m.index));
      starts.push(start);
      start = m.index + m[0].length;
    }
    lines.push(doc.text.slice(start));
    starts.push(start);
    l = { lines, starts };
    cache.set(doc, l);
  }
  return l;
}

/** The text of a 0-based line without its line break ('' past the end). */
export function lineAt(doc: PromptDocument, line: number): string {
  return linesOf(doc).lines[line] ?? '';
}

/** All lines of the document. */
export function allLines(doc: PromptDocument): readonly string[] {
  return linesOf(doc).lines;
}

/** The offset of a position in `doc.text`, clamped to its line. */
export function offsetAt(doc: PromptDocument, p: Position): number {
  const { lines, starts } = linesOf(doc);
  const line = Math.max(0, Math.min(p.line, lines.length - 1));
  return starts[line] + Math.max(0, Math.min(p.character, lines[line].length));
}

/** The text a range covers. */
export function textOf(doc: PromptDocument, r: Range): string {
  return doc.text.slice(offsetAt(doc, r.start), offsetAt(doc, r.end));
}

/** True when `p` lies inside `r`, both ends included. */
export function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}
