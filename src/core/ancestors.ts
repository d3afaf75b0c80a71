// One rule for "look in this folder, then each folder above it": the config, the workspace root, `.env` and `.git`
// are all found this way, and each caller keeps its own test for what counts as found.
import { dirname, resolve, sep } from 'node:path';

/** `start` (made absolute) and every folder above it, nearest first: up to the filesystem root, or up to and including `last` when the walk reaches it. */
export function* ancestors(start: string, last?: string): Generator<string, void, undefined> {
  let dir = resolve(start);
  const stop = last === undefined ? undefined : resolve(last);
  for (;;) {
    yield dir;
    if (dir === stop) return;
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/** Whether `p` is `folder` or lies below it; both absolute and spelt as the file system spells them. */
export function isAtOrBelow(folder: string, p: string): boolean {
  return p === folder || p.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** Whether `p` is one of `folders` or lies below one; all absolute and spelt as the file system spells them. */
export function isAtOrBelowAny(p: string, folders: ReadonlySet<string>): boolean {
  for (const dir of ancestors(p)) if (folders.has(dir)) return true;
  return false;
}

/**
 * The paths of `paths` that lie below none of the others (absolute, spelt as the file system spells them), shortest
 * first, duplicates once: the folders to look in when any of `paths` may be a new folder holding the rest.
 */
export function outermost(paths: Iterable<string>): string[] {
  const kept = new Set<string>();
  for (const p of [...new Set(paths)].sort((a, b) => a.length - b.length)) if (!isAtOrBelowAny(p, kept)) kept.add(p);
  return [...kept];
}
