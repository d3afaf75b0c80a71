// Structural, path-level diff of two JSON-like values: what changed where, not which characters moved. Used for
// JSON model outputs and for the frontmatter summary. Arrays are aligned by content so one inserted item reads as
// one addition rather than a change to every later index.
import { diffArrays } from 'diff';
import { oneLine } from '../versions/labels';

export type JsonPath = readonly (string | number)[];

export interface JsonChange {
  readonly path: JsonPath;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when two JSON-like values are equal in structure and content (object key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
}

/** The leaf-level differences between two values, in document order, at most `maxChanges` of them. */
export function structuralDiff(a: unknown, b: unknown, maxChanges = 500): JsonChange[] {
  const out: JsonChange[] = [];
  walk(a, b, [], out, maxChanges);
  return out;
}

function walk(a: unknown, b: unknown, path: (string | number)[], out: JsonChange[], max: number): void {
  if (out.length >= max || deepEqual(a, b)) return;
  if (isObject(a) && isObject(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.prototype.hasOwnProperty.call(a, k))];
    for (const k of keys) {
      const inA = Object.prototype.hasOwnProperty.call(a, k);
      const inB = Object.prototype.hasOwnProperty.call(b, k);
      if (inA && inB) walk(a[k], b[k], [...path, k], out, max);
      else if (out.length < max) out.push(inA ? { path: [...path, k], kind: 'removed', before: a[k] } : { path: [...path, k], kind: 'added', after: b[k] });
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    walkArrays(a, b, path, out, max);
    return;
  }
  out.push({ path, kind: 'changed', before: a, after: b });
}

function walkArrays(a: readonly unknown[], b: readonly unknown[], path: (string | number)[], out: JsonChange[], max: number): void {
  const parts = diffArrays([...a], [...b], { comparator: deepEqual, timeout: 500 });
  if (parts === undefined) {
    // Too different to align cheaply: compare index by index.
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= b.length) out.push({ path: [...path, i], kind: 'removed', before: a[i] });
      else if (i >= a.length) out.push({ path: [...path, i], kind: 'added', after: b[i] });
      else walk(a[i], b[i], [...path, i], out, max);
      if (out.length >= max) return;
    }
    return;
  }
  let ia = 0;
  let ib = 0;
  for (let p = 0; p < parts.length && out.length < max; p++) {
    const part = parts[p];
    if (part === undefined) continue;
    if (!part.added && !part.removed) {
      ia += part.count;
      ib += part.count;
      continue;
    }
    const removed = part.removed ? part.count : 0;
    const next = parts[p + 1];
    const added = part.added ? part.count : next?.added === true ? next.count : 0;
    if (part.removed && next?.added === true) p++;
    // A removed run followed by an added one is an edit of those items; report inside them, index by index.
    for (let k = 0; k < Math.max(removed, added) && out.length < max; k++) {
      if (k < removed && k < added) walk(a[ia + k], b[ib + k], [...path, ib + k], out, max);
      else if (k < removed) out.push({ path: [...path, ia + k], kind: 'removed', before: a[ia + k] });
      else out.push({ path: [...path, ib + k], kind: 'added', after: b[ib + k] });
    }
    ia += removed;
    ib += added;
  }
}

/** `config.temperature`, `tests[0].vars["first name"]`; `root` prefixes it (`$` for outputs). */
export function formatPath(path: JsonPath, root = ''): string {
  let s = root;
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) s += s === '' ? seg : `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s === '' ? '(root)' : s;
}

/** A value as one short line for a summary: strings bare, everything else as compact JSON, cut at `max`. */
export function shortValue(value: unknown, max = 60): string {
  let s: string;
  if (typeof value === 'string') s = value === '' ? '""' : value;
  else if (value === undefined) s = 'undefined';
  else {
    try {
      s = JSON.stringify(value) ?? typeof value;
    } catch {
      s = `[${typeof value}]`;
    }
  }
  return oneLine(s, max);
}
