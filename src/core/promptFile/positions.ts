// Offset ↔ position conversion for one text, with the line breaks VS Code recognises (\r\n, \n, \r).
import type { Position, Range } from './model';

/** Maps UTF-16 offsets of one text to 0-based line/character positions in O(log lines). */
export class LineIndex {
  private readonly offsets: number[];
  /** Whether the text has a \r: only then can an offset fall inside a line break (between \r and \n). */
  private readonly hasCr: boolean;
  /** The line of the last positionAt answer. */
  private lastLine = 0;

  constructor(readonly text: string) {
    const starts = [0];
    const n = text.length;
    this.hasCr = text.indexOf('\r') >= 0;
    if (!this.hasCr) {
      // The usual case; indexOf is much faster than a loop over every character.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.offsets = starts;
      return;
    }
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        starts.push(i + 1);
      } else if (c === 13) {
        if (i + 1 < n && text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.offsets = starts;
  }

  /** Offset of the first character of every line, in order. */
  lineStarts(): readonly number[] {
    return this.offsets;
  }

  get lineCount(): number {
    return this.offsets.length;
  }

  /** Offset of the first character of a 0-based line (clamped). */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.offsets.length) return this.text.length;
    return this.offsets[line];
  }

  /** Offset just past the last character of a line, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.offsets.length) return this.text.length;
    let end = this.offsets[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return Math.max(end, this.offsets[line]);
  }

  /** Position of an offset; offsets outside the text are clamped into it. */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, this.text.length));
    const offsets = this.offsets;
    // Callers mostly ask in text order: try the line of the last answer and the next one before searching.
    let lo = this.lastLine;
    if (!(offsets[lo] <= o && (lo + 1 === offsets.length || offsets[lo + 1] > o))) {
      lo++;
      if (!(lo < offsets.length && offsets[lo] <= o && (lo + 1 === offsets.length || offsets[lo + 1] > o))) {
        lo = 0;
        let hi = offsets.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (offsets[mid] <= o) lo = mid;
          else hi = mid - 1;
        }
      }
    }
    this.lastLine = lo;
    const start = offsets[lo];
    // An offset between \r and \n belongs to the end of the line, as in VS Code; without a \r no offset is past it.
    return { line: lo, character: this.hasCr ? Math.min(o - start, this.lineEnd(lo) - start) : o - start };
  }

  /** Offset of a position, clamped to its line. */
  offsetAt(position: Position): number {
    const line = Math.max(0, Math.min(position.line, this.offsets.length - 1));
    const start = this.offsets[line];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(line));
  }

  range(start: number, end: number): Range {
    const a = this.positionAt(start);
    const b = this.positionAt(Math.max(start, end));
    return { start: a, end: b };
  }
}

/** True when `inner` lies inside `outer` (inclusive). */
export function rangeContains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

/** Orders positions by line, then character. */
export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
