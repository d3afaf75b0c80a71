// Flow collections (`[a, b]`, `{k: v}`) for the fast frontmatter reader (yamlFastReader.ts): only those that close on
// the line they open, read and indexed as the reader reads block collections.
import { appended } from './smallLists';
import type { Reader } from './yamlFastReader';
import { itemPath } from './yamlFastReader';
import { isBlankOrEnd, isIndicator, readQuoted, resolvePlain, unsupported } from './yamlFastScalars';
import { plainName } from './yamlIndex';
import { NodeInfo } from './yamlNodeInfo';

/** Deeper nesting than this is left to `yaml` (as the reader's MAX_DEPTH). */
const MAX_DEPTH = 48;

/** A flow sequence or mapping at `p` that closes on its line (ending at `le`); its items and keys are indexed under `path`. */
export function readFlow(r: Reader, p: number, le: number, depth: number, path: string): unknown {
  if (depth > MAX_DEPTH) unsupported();
  const { s, out, at } = r;
  const isSeq = s.charCodeAt(p) === 91;
  const close = isSeq ? 93 : 125;
  let list: unknown[] = [];
  const record: Record<string, unknown> = {};
  const prefix = path === '' ? '' : `${path}.`;
  let n = 0;
  let i = r.skipSpaces(p + 1, le);
  while (s.charCodeAt(i) !== close) {
    if (isSeq) {
      const childPath = itemPath(path, n);
      const slot = out.reserve(n, true);
      const item = flowItem(r, i, le, depth + 1, childPath);
      at.spanEnd(r.vStart, r.vEnd);
      out.fill(slot, new NodeInfo(childPath, -1, 0, -1, 0, r.vLine, r.vChar, at.l1, at.c1));
      list = appended(list, item);
      i = r.vEnd;
    } else {
      const start = i;
      let key: string;
      let end: number;
      if (s.charCodeAt(i) === 34 || s.charCodeAt(i) === 39) {
        const q = readQuoted(s, i, le);
        key = q.value;
        end = q.end;
        i = end;
      } else {
        if (isIndicator(s.charCodeAt(i))) unsupported();
        while (i < le && s.charCodeAt(i) !== 58 && !isFlowIndicator(s.charCodeAt(i)) && s.charCodeAt(i) !== 35) i++;
        end = i;
        while (s.charCodeAt(end - 1) === 32) end--;
        key = s.slice(start, end);
        if (typeof resolvePlain(key) !== 'string') unsupported();
      }
      if (s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== 32 || key === '' || key === '__proto__' || key === '<<'
        || Object.prototype.hasOwnProperty.call(record, key)) unsupported();
      const childPath = prefix + key;
      const slot = out.reserve(key, plainName(key));
      at.spanStart(start);
      at.spanEnd(start, end);
      const { l0, c0, l1, c1 } = at;
      record[key] = flowItem(r, r.skipSpaces(i + 1, le), le, depth + 1, childPath);
      at.spanEnd(r.vStart, r.vEnd);
      out.fill(slot, new NodeInfo(childPath, l0, c0, l1, c1, r.vLine, r.vChar, at.l1, at.c1));
      i = r.vEnd;
    }
    n++;
    i = r.skipSpaces(i, le);
    if (s.charCodeAt(i) === 44) i = r.skipSpaces(i + 1, le);
    else if (s.charCodeAt(i) !== close) unsupported();
  }
  r.scalar(p, i + 1);
  return isSeq ? list : record;
}

function flowItem(r: Reader, i: number, le: number, depth: number, path: string): unknown {
  const s = r.s;
  const c = s.charCodeAt(i);
  if (c === 91 || c === 123) return readFlow(r, i, le, depth, path);
  if (c === 34 || c === 39) {
    const q = readQuoted(s, i, le);
    r.scalar(i, q.end);
    return q.value;
  }
  if (i >= le || (isIndicator(c) && !(c === 45 && !isBlankOrEnd(s.charCodeAt(i + 1)) && !isFlowIndicator(s.charCodeAt(i + 1))))) unsupported();
  let e = i;
  for (; e < le; e++) {
    const ch = s.charCodeAt(e);
    if (isFlowIndicator(ch)) break;
    if (ch === 58 || (ch === 35 && s.charCodeAt(e - 1) === 32)) unsupported();
  }
  if (e >= le) unsupported();
  while (s.charCodeAt(e - 1) === 32) e--;
  r.scalar(i, e);
  return resolvePlain(s.slice(i, e));
}

function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}
