// What an engine session was built from on disk, in a form that changes when any of it changes: the session is
// checked against it before use, because the editor's file watcher may never report an edit.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { ancestors } from '../../core/ancestors';
import { configFileNames } from '../../core/config/fileNames';

/**
 * The files a root's session is built from, as they are on disk, each as path, size and modification time: the config
 * files of the nearest folder at or above the root that has one (as `loadConfig` finds them), and the nearest `.env`
 * file at or above the root (as the session's credentials find it).
 */
export function sourcesStamp(root: string): string {
  return `${nearest(root, configFileNames)}|${nearest(root, ['.env'])}`;
}

/** The stamps of `names` in the nearest folder at or above `root` that has any of them. */
function nearest(root: string, names: readonly string[]): string {
  for (const dir of ancestors(root)) {
    const stamps = names.map((name) => stampOf(path.join(dir, name)));
    if (stamps.some((s) => s !== '')) return stamps.join('|');
  }
  return '';
}

function stampOf(file: string): string {
  try {
    const st = statSync(file, { throwIfNoEntry: false });
    return st ? `${file}:${st.size}:${st.mtimeMs}` : '';
  } catch (e) {
    // Not readable as a file (a parent is a file, no permission): stamped as such, so a change is still a change.
    return `${file}:${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`;
  }
}
