// What an engine session was built from on disk, in a form that changes when any of it changes: the session is
// checked against it before use, because the editor's file watcher may never report an edit.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { ancestors } from '../../core/ancestors';
import { configFileNames } from '../../core/config/fileNames';

/**
 * The files a root's session is built from, as they are on disk: its config files and the `.env` file it reads (the
 * nearest one at or above the root), each as path, size and modification time.
 */
export function sourcesStamp(root: string): string {
  const parts = configFileNames.map((name) => stampOf(path.join(root, name)));
  for (const dir of ancestors(root)) {
    const env = stampOf(path.join(dir, '.env'));
    if (env !== '') {
      parts.push(env);
      break;
    }
  }
  return parts.join('|');
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
