// Fast sequence diffs for the diff view. Lines use patience anchors (lines unique on both sides, in order) with
// Myers' O(ND) diff for the gaps between them; words use Myers directly. Both work on interned integers and
// give up with a bounded cost ("replace this block") rather than stall the view on texts that share nothing.

/** A run of the edit script: `count` items kept, removed from the left, or added on the right. */
export interface Run {
  readonly kind: 'equal' | 'removed' | 'added';
  readonly count: number;
}

/** Maps strings to small integers so comparisons are integer compares. */
export function intern(a: readonly string[], b: readonly string[]): { a: Int32Array; b: Int32Array } {
  const ids = new Map<string, number>();
  const map = (xs: readonly string[]): Int32Array => {
    const out = new Int32Array(xs.length);
    xs.forEach((x, i) => {
      let id = ids.get(x);
      if (id === undefined) {
        id = ids.size;
        ids.set(x, id);
      }
      out[i] = id;
    });
    return out;
  };
  return { a: map(a), b: map(b) };
}

/** Collects runs, merging neighbours and putting every change between two equal runs as removed-then-added. */
class RunBuilder {
  readonly runs: Run[] = [];
  private removed = 0;
  private added = 0;
  equal(n: number): void {
    if (n <= 0) return;
    this.flush();
    const last = this.runs[this.runs.length - 1];
    if (last?.kind === 'equal') this.runs[this.runs.length - 1] = { kind: 'equal', count: last.count + n };
    else this.runs.push({ kind: 'equal', count: n });
  }
  change(removed: number, added: number): void {
    this.removed += removed;
    this.added += added;
  }
  done(): Run[] {
    this.flush();
    return this.runs;
  }
  private flush(): void {
    if (this.removed > 0) this.runs.push({ kind: 'removed', count: this.removed });
    if (this.added > 0) this.runs.push({ kind: 'added', count: this.added });
    this.removed = 0;
    this.added = 0;
  }
}

/**
 * Myers' greedy O(ND) diff of `a[aLo, aHi)` against `b[bLo, bHi)` into `out`; false (and nothing written) when
 * more than `maxD` edits would be needed.
 */
function myers(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, maxD: number, out: RunBuilder): boolean {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const limit = Math.min(maxD, n + m);
  const off = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[off + k - 1] ?? 0) < (v[off + k + 1] ?? 0)) ? (v[off + k + 1] ?? 0) : (v[off + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        backtrack(trace, d, n, m, out);
        return true;
      }
    }
  }
  return false;
}

function backtrack(trace: readonly Int32Array[], dEnd: number, n: number, m: number, out: RunBuilder): void {
  // Walk back from the end, recording steps in reverse, then replay them forwards.
  const steps: number[] = []; // 0 equal, 1 removed, 2 added
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const snap = trace[d]; // V after step d-1, indexed from k = -d-1
    const at = (k: number): number => snap[k + d + 1] ?? 0;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      steps.push(0);
      x--;
      y--;
    }
    steps.push(x === prevX ? 2 : 1);
    x = prevX;
    y = prevY;
  }
  for (; x > 0 && y > 0; x--, y--) steps.push(0);
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if (s === 0) out.equal(1);
    else out.change(s === 1 ? 1 : 0, s === 2 ? 1 : 0);
  }
}

/** Diffs two integer sequences with Myers; a whole replacement when it would take more than `maxD` edits. */
export function myersRuns(a: Int32Array, b: Int32Array, maxD: number): Run[] {
  const out = new RunBuilder();
  if (!myers(a, 0, a.length, b, 0, b.length, maxD, out)) out.change(a.length, b.length);
  return out.done();
}

/** Diffs two line sequences: patience anchors, Myers in the gaps (bounded by `maxD` edits per gap). */
export function lineRuns(left: readonly string[], right: readonly string[], maxD = 1000): Run[] {
  const { a, b } = intern(left, right);
  const out = new RunBuilder();
  patience(a, 0, a.length, b, 0, b.length, maxD, out);
  return out.done();
}

function patience(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, maxD: number, out: RunBuilder): void {
  let head = 0;
  while (aLo + head < aHi && bLo + head < bHi && a[aLo + head] === b[bLo + head]) head++;
  out.equal(head);
  aLo += head;
  bLo += head;
  let tail = 0;
  while (aHi - tail > aLo && bHi - tail > bLo && a[aHi - 1 - tail] === b[bHi - 1 - tail]) tail++;
  aHi -= tail;
  bHi -= tail;
  if (aLo === aHi || bLo === bHi) out.change(aHi - aLo, bHi - bLo);
  else {
    const anchors = uniqueAnchors(a, aLo, aHi, b, bLo, bHi);
    if (anchors.length === 0) {
      if (!myers(a, aLo, aHi, b, bLo, bHi, maxD, out)) out.change(aHi - aLo, bHi - bLo);
    } else {
      let pa = aLo;
      let pb = bLo;
      for (const [ai, bi] of anchors) {
        patience(a, pa, ai, b, pb, bi, maxD, out);
        out.equal(1);
        pa = ai + 1;
        pb = bi + 1;
      }
      patience(a, pa, aHi, b, pb, bHi, maxD, out);
    }
  }
  out.equal(tail);
}

/** Lines that occur exactly once on each side, as the longest chain increasing on both sides (patience sorting). */
function uniqueAnchors(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number): [number, number][] {
  const seen = new Map<number, { ca: number; cb: number; ai: number; bi: number }>();
  for (let i = aLo; i < aHi; i++) {
    const id = a[i];
    const e = seen.get(id);
    if (e) e.ca++;
    else seen.set(id, { ca: 1, cb: 0, ai: i, bi: -1 });
  }
  for (let j = bLo; j < bHi; j++) {
    const e = seen.get(b[j]);
    if (e) {
      e.cb++;
      e.bi = j;
    }
  }
  const pairs: [number, number][] = [];
  for (const e of seen.values()) if (e.ca === 1 && e.cb === 1) pairs.push([e.ai, e.bi]);
  pairs.sort((p, q) => p[0] - q[0]);
  // Longest increasing subsequence by the right index.
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let i = 0; i < pairs.length; i++) {
    const bi = pairs[i][1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][1] < bi) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const chain: [number, number][] = [];
  for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) chain.push(pairs[i]);
  return chain.reverse();
}

const tokenRe = /[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu;

/** Words, runs of white space and single punctuation marks, which together spell the text exactly. */
export function tokenize(text: string): string[] {
  return text.match(tokenRe) ?? [];
}
