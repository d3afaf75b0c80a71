// Side-by-side text diff of two prompt versions: rows aligned line by line, word-level highlights inside changed
// lines, collapsible unchanged regions and the row of every change for next/previous navigation.
import { intern, lineRuns, myersRuns, tokenize, type Run } from './sequenceDiff';

/** A piece of one side of a changed line; `changed` pieces are the words that differ. */
export interface Segment {
  readonly text: string;
  readonly changed: boolean;
}

export interface SideLine {
  /** 1-based line number in that version. */
  readonly line: number;
  readonly text: string;
  /** Present on `changed` rows only. */
  readonly segments?: readonly Segment[];
}

export type RowKind = 'equal' | 'changed' | 'removed' | 'added';

export interface DiffRow {
  readonly kind: RowKind;
  readonly left?: SideLine;
  readonly right?: SideLine;
  /** Whether the row belongs to the frontmatter (fences included) or the template body. */
  readonly section: 'frontmatter' | 'body';
}

/** A run of rows `[start, end)`. */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

export interface TextDiff {
  readonly rows: readonly DiffRow[];
  /** First row of each change block, ascending: the stops of next/previous change. */
  readonly changes: readonly number[];
  /** Unchanged runs that the view may collapse (context lines around changes excluded). */
  readonly folds: readonly RowRange[];
  /** Change blocks with their context, the complement of `folds`. */
  readonly hunks: readonly RowRange[];
  readonly stats: { readonly added: number; readonly removed: number; readonly changed: number };
  readonly identical: boolean;
  /** Differences the rows cannot show: line endings, a final newline. */
  readonly notes: readonly string[];
}

export interface TextDiffOptions {
  /** Unchanged lines kept visible around each change (default 3). */
  readonly context?: number;
  /** Lines longer than this get no word diff, the whole line is marked (default 5,000 characters). */
  readonly maxWordDiffLength?: number;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Number of lines of the frontmatter block, fences included; 0 when the text has none. */
export function frontmatterLineCount(lines: readonly string[]): number {
  const fence = /^---[ \t]*$/;
  if (!fence.test((lines[0] ?? '').replace(/^\uFEFF/, ''))) return 0;
  for (let i = 1; i < lines.length; i++) if (fence.test(lines[i] ?? '')) return i + 1;
  return 0;
}

/** Word-level pieces of two versions of one line. */
export function wordSegments(left: string, right: string, maxLength = 5000): { left: Segment[]; right: Segment[] } {
  if (left.length > maxLength || right.length > maxLength) {
    return { left: [{ text: left, changed: true }], right: [{ text: right, changed: true }] };
  }
  const lt = tokenize(left);
  const rt = tokenize(right);
  const { a, b } = intern(lt, rt);
  return splitRuns(myersRuns(a, b, 400), lt, rt);
}

/** Turns an edit script over two token lists into the pieces of each side. */
export function splitRuns(runs: readonly Run[], left: readonly string[], right: readonly string[]): { left: Segment[]; right: Segment[] } {
  const l: Segment[] = [];
  const r: Segment[] = [];
  let i = 0;
  let j = 0;
  for (const run of runs) {
    if (run.kind !== 'added') {
      push(l, left.slice(i, i + run.count).join(''), run.kind === 'removed');
      i += run.count;
    }
    if (run.kind !== 'removed') {
      push(r, right.slice(j, j + run.count).join(''), run.kind === 'added');
      j += run.count;
    }
  }
  return { left: bridge(l), right: bridge(r) };
}

// A lone space between two changed words reads as part of one change; highlighting it apart is noise.
function bridge(segs: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    const gap = !s.changed && /^\s+$/.test(s.text) && segs[i - 1]?.changed === true && segs[i + 1]?.changed === true;
    push(out, s.text, s.changed || gap);
  }
  return out;
}

function push(out: Segment[], text: string, changed: boolean): void {
  const last = out[out.length - 1];
  if (last !== undefined && last.changed === changed) out[out.length - 1] = { text: last.text + text, changed };
  else if (text !== '') out.push({ text, changed });
}

/** Aligns two texts line by line for a side-by-side view. */
export function diffText(leftText: string, rightText: string, options: TextDiffOptions = {}): TextDiff {
  const context = options.context ?? 3;
  const left = splitLines(leftText);
  const right = splitLines(rightText);
  const fmLeft = frontmatterLineCount(left);
  const fmRight = frontmatterLineCount(right);
  const rows: DiffRow[] = [];
  let li = 0;
  let ri = 0;
  const section = (l: number | undefined, r: number | undefined): DiffRow['section'] =>
    (l !== undefined ? l < fmLeft : r !== undefined && r < fmRight) ? 'frontmatter' : 'body';
  const equal = (n: number): void => {
    for (let k = 0; k < n; k++, li++, ri++) {
      rows.push({ kind: 'equal', left: { line: li + 1, text: left[li] ?? '' }, right: { line: ri + 1, text: right[ri] ?? '' }, section: section(li, ri) });
    }
  };
  const replace = (nl: number, nr: number): void => {
    // Pair removed and added lines in order; the rest stand alone. This is how reviewers read a rewrite.
    const paired = Math.min(nl, nr);
    for (let k = 0; k < Math.max(nl, nr); k++) {
      const lt = k < nl ? (left[li] ?? '') : undefined;
      const rt = k < nr ? (right[ri] ?? '') : undefined;
      if (k < paired && lt !== undefined && rt !== undefined) {
        const seg = wordSegments(lt, rt, options.maxWordDiffLength);
        rows.push({ kind: 'changed', left: { line: li + 1, text: lt, segments: seg.left }, right: { line: ri + 1, text: rt, segments: seg.right }, section: section(li, ri) });
        li++;
        ri++;
      } else if (lt !== undefined) {
        rows.push({ kind: 'removed', left: { line: li + 1, text: lt }, section: section(li, undefined) });
        li++;
      } else if (rt !== undefined) {
        rows.push({ kind: 'added', right: { line: ri + 1, text: rt }, section: section(undefined, ri) });
        ri++;
      }
    }
  };

  // Common head and tail cost nothing to find and keep the line diff to the part that changed.
  let head = 0;
  while (head < left.length && head < right.length && left[head] === right[head]) head++;
  let tail = 0;
  while (tail < left.length - head && tail < right.length - head && left[left.length - 1 - tail] === right[right.length - 1 - tail]) tail++;
  equal(head);
  const midLeft = left.slice(head, left.length - tail);
  const midRight = right.slice(head, right.length - tail);
  if (midLeft.length > 0 || midRight.length > 0) {
    const runs = lineRuns(midLeft, midRight);
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i];
      if (run.kind === 'equal') equal(run.count);
      else if (run.kind === 'removed') {
        const next = runs[i + 1];
        const nr = next?.kind === 'added' ? next.count : 0;
        if (nr > 0) i++;
        replace(run.count, nr);
      } else replace(0, run.count);
    }
  }
  equal(tail);
  return { ...layout(rows, context), rows, notes: notesFor(leftText, rightText) };
}

function layout(rows: readonly DiffRow[], context: number): Omit<TextDiff, 'rows' | 'notes'> {
  const changes: number[] = [];
  const folds: RowRange[] = [];
  const hunks: RowRange[] = [];
  let added = 0;
  let removed = 0;
  let changed = 0;
  let i = 0;
  while (i < rows.length) {
    const kind = rows[i]?.kind;
    let j = i;
    while (j < rows.length && (rows[j]?.kind === 'equal') === (kind === 'equal')) {
      const k = rows[j]?.kind;
      if (k === 'added') added++;
      else if (k === 'removed') removed++;
      else if (k === 'changed') changed++;
      j++;
    }
    if (kind !== 'equal') changes.push(i);
    else {
      const start = i === 0 ? 0 : i + context;
      const end = j === rows.length ? j : j - context;
      // Folding fewer than two lines saves nothing over showing them.
      if (end - start >= 2) folds.push({ start, end });
    }
    i = j;
  }
  let cursor = 0;
  for (const f of folds) {
    if (f.start > cursor) hunks.push({ start: cursor, end: f.start });
    cursor = f.end;
  }
  if (cursor < rows.length && changes.length > 0) hunks.push({ start: cursor, end: rows.length });
  return { changes, folds, hunks, stats: { added, removed, changed }, identical: changes.length === 0 };
}

function notesFor(left: string, right: string): string[] {
  const notes: string[] = [];
  const crlf = (t: string): boolean => t.includes('\r\n');
  if (crlf(left) !== crlf(right)) notes.push(`Line endings differ: ${crlf(left) ? 'CRLF' : 'LF'} → ${crlf(right) ? 'CRLF' : 'LF'}.`);
  const finalNl = (t: string): boolean => t === '' || /[\r\n]$/.test(t);
  if (finalNl(left) !== finalNl(right)) notes.push(finalNl(right) ? 'Newline added at end of file.' : 'Newline removed at end of file.');
  return notes;
}
