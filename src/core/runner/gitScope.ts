// Git info for run records without starting `git` where it can only answer "not a repository": starting a process
// costs a fork of this one (about 20 ms of CPU for the CLI), and a run outside git would pay it for nothing.
import { realpath } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ancestors } from '../ancestors';
import type { FileSystem } from '../io';

type GitInfo = (filePath: string) => Promise<{ commit: string; dirty: boolean } | undefined>;

/** `gitInfo`, answered without running git when no folder above the file holds a `.git` (folder or file). */
export function gitInfoInRepos(fs: FileSystem, gitInfo: GitInfo, env: Readonly<Record<string, string | undefined>> = process.env): GitInfo {
  const known = new Map<string, Promise<boolean>>();
  const mayBeInGit = (dir: string): Promise<boolean> => {
    let found = known.get(dir);
    if (found === undefined) known.set(dir, (found = hasGitAbove(fs, dir)));
    return found;
  };
  return async (filePath) => {
    // These point git elsewhere than the file's folders; git itself decides then.
    if (env.GIT_DIR !== undefined || env.GIT_WORK_TREE !== undefined) return gitInfo(filePath);
    return (await mayBeInGit(dirname(resolve(filePath)))) ? gitInfo(filePath) : undefined;
  };
}

/** Whether `start` or a folder above it (or above its real path) holds a `.git` folder or file; unsure counts as yes. */
export async function hasGitAbove(fs: FileSystem, start: string): Promise<boolean> {
  if (await markerAbove(fs, start)) return true;
  // git looks from the real folder: a symlinked folder may sit in a repository its link path is outside of.
  const real = await realpath(start).catch(() => start);
  return real !== start && (await markerAbove(fs, real));
}

async function markerAbove(fs: FileSystem, start: string): Promise<boolean> {
  for (const dir of ancestors(start)) {
    if (await fs.exists(join(dir, '.git')).catch(() => true)) return true;
  }
  return false;
}
