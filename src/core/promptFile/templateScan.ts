// A cheap pre-scan of a Handlebars body: block depth and safe split points. Handlebars' own parser is slow and
// quadratic in nesting, so the body is parsed in independent top-level pieces that can be cached.

export interface TemplateScan {
  /** Deepest block nesting seen, and the offset of the first block that reached it. */
  readonly maxDepth: number;
  readonly deepestAt: number;
  /** Line starts where no block or expression is open, roughly `chunk` characters apart. */
  readonly boundaries: number[];
}

/** Scans `{{…}}` tokens; when something is unusual (raw blocks, unterminated tokens) it offers no boundaries. */
export function scanTemplate(body: string, chunk: number, depthLimit: number): TemplateScan {
  const boundaries: number[] = [];
  let depth = 0;
  let maxDepth = 0;
  let deepestAt = 0;
  let last = 0;
  let i = 0;
  let usable = true;
  const n = body.length;
  const marks: Marks = [-2, -2, -2];
  while (i < n) {
    const open = nextOf(body, '{{', i, marks, OPEN);
    if (open < 0) break;
    // Content between i and open: a line start here is a safe place to cut when nothing is open.
    if (depth === 0 && usable && open - last > chunk) {
      const cut = body.indexOf('\n', Math.max(i, last + chunk));
      if (cut >= 0 && cut < open) {
        boundaries.push(cut + 1);
        last = cut + 1;
      }
    }
    if (open > 0 && body.charCodeAt(open - 1) === 92 && !(open > 1 && body.charCodeAt(open - 2) === 92)) {
      i = open + 2; // `\{{` is escaped text.
      continue;
    }
    let j = open + 2;
    if (body.charCodeAt(j) === 123) {
      if (body.charCodeAt(j + 1) === 123) {
        usable = false; // `{{{{raw}}}}` blocks keep their content unparsed; leave them to Handlebars whole.
      }
    }
    if (body.charCodeAt(j) === 126) j++; // `~`
    const kind = body[j];
    if (kind === '!') {
      const long = body.startsWith('--', j + 1);
      const close = body.indexOf(long ? '--' : '}}', j + 1);
      const end = close < 0 ? -1 : long ? body.indexOf('}}', close) : close;
      if (end < 0) {
        usable = false;
        break;
      }
      i = end + 2;
      continue;
    }
    const end = closeOf(body, j, marks);
    if (end < 0) {
      usable = false;
      break;
    }
    if (kind === '#' || (kind === '^' && /\S/.test(body.slice(j + 1, end).replace(/~?\}+$/, '')))) {
      depth++;
      if (depth > maxDepth) {
        maxDepth = depth;
        deepestAt = open;
        if (depth > depthLimit) return { maxDepth, deepestAt, boundaries: [] };
      }
    } else if (kind === '/') {
      depth--;
      if (depth < 0) usable = false;
    }
    i = end + 2;
  }
  return { maxDepth, deepestAt, boundaries: usable && depth === 0 ? boundaries : [] };
}

/** Where the last searches found the next `"`, `'` and `{{` (-1: none after it; -2: not searched yet), by DQ, SQ, OPEN. */
type Marks = number[];
const DQ = 0;
const SQ = 1;
const OPEN = 2;

/**
 * The first `s` at or after `from`. Searches start further on each time, so a mark at or after `from` (or -1) still
 * answers: nothing lay between the search that set it and the mark.
 */
function nextOf(body: string, s: string, from: number, marks: Marks, mark: number): number {
  const at = marks[mark];
  if (at === -1 || at >= from) return at;
  const found = body.indexOf(s, from);
  marks[mark] = found;
  return found;
}

/**
 * Offset of the `}}` closing the expression whose content starts at `from`, skipping quoted strings; -1 if none. Most
 * expressions hold no quote and no `{{`, which native searches tell without reading them a character at a time.
 */
function closeOf(body: string, from: number, marks: Marks): number {
  const close = body.indexOf('}}', from);
  if (close < 0) return -1;
  const dq = nextOf(body, '"', from, marks, DQ);
  const sq = nextOf(body, "'", from, marks, SQ);
  const open = nextOf(body, '{{', from, marks, OPEN);
  if ((dq < 0 || dq > close) && (sq < 0 || sq > close) && (open < 0 || open > close)) return close;
  return closeByWalk(body, from);
}

/** closeOf by reading each character: for expressions with quotes (a `}}` in a string does not close them). */
function closeByWalk(body: string, from: number): number {
  let k = from;
  const n = body.length;
  while (k < n) {
    const c = body.charCodeAt(k);
    if (c === 34 || c === 39) {
      const q = body.indexOf(c === 34 ? '"' : "'", k + 1);
      if (q < 0) return -1;
      k = q + 1;
      continue;
    }
    if (c === 125 && body.charCodeAt(k + 1) === 125) return k;
    if (c === 123 && body.charCodeAt(k + 1) === 123) return -1;
    k++;
  }
  return -1;
}
