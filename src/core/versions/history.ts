// The git history of one file, following renames, with the path the file had at each commit so that
// `git cat-file blob <sha>:<path>` reads the right blob even before a rename.
import { runGit, type RepoLocation } from './git';

export interface FileRevision {
  readonly commit: string;
  /** Commit time, milliseconds since the epoch. */
  readonly time: number;
  readonly author: string;
  readonly subject: string;
  /** The file's path at this commit, relative to the repository root, `/`-separated. */
  readonly path: string;
  /** Status letter of the change to this file (`A`dded, `M`odified, `R`enamed, `C`opied, `T`ype change). */
  readonly status: string;
}

const headerMark = '\x1e';
const fieldSep = '\x1f';

/**
 * Parses `git log --follow --name-status -z --format=%x1e%H%x1f%ct%x1f%an%x1f%s` output. Paths may hold any byte but
 * NUL, so tokens are read with a small state machine rather than by searching for markers.
 */
export function parseFollowLog(raw: string, currentPath: string): FileRevision[] {
  const tokens = raw.split('\0');
  const out: FileRevision[] = [];
  let pending: Omit<FileRevision, 'path' | 'status'> | undefined;
  let pendingStatus: string | undefined;
  // With --follow git lists newest first; a commit without a file entry (a merge) keeps the path of the newer one.
  let lastPath = currentPath;
  const flush = (path: string, status: string): void => {
    if (pending === undefined) return;
    if (status !== 'D') out.push({ ...pending, path, status });
    lastPath = path;
    pending = undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] ?? '';
    if (pendingStatus !== undefined) {
      const twoPaths = pendingStatus === 'R' || pendingStatus === 'C';
      const path = twoPaths ? (tokens[++i] ?? tok) : tok;
      flush(path, pendingStatus);
      pendingStatus = undefined;
      continue;
    }
    const trimmed = tok.replace(/^\n/, '');
    if (trimmed.startsWith(headerMark)) {
      if (pending !== undefined) flush(lastPath, 'M');
      const fields = trimmed.slice(1).split(fieldSep);
      const [commit = '', ct = '0', author = ''] = fields;
      if (!/^[0-9a-f]{40,64}$/.test(commit)) continue;
      pending = { commit, time: Number(ct) * 1000, author, subject: fields.slice(3).join(fieldSep) };
    } else if (pending !== undefined && /^[ACDMRTUX][0-9]*$/.test(trimmed)) {
      pendingStatus = trimmed[0];
    }
  }
  if (pending !== undefined) flush(lastPath, 'M');
  return out;
}

/** Every commit reachable from HEAD that changed the file, newest first, following renames. Empty outside history. */
export async function fileHistory(loc: RepoLocation, maxCount = 500): Promise<FileRevision[]> {
  const res = await runGit(loc.root, [
    'log', '--follow', '--no-color', '--no-ext-diff', '--name-status', '-z', `--max-count=${maxCount}`,
    `--format=${headerMark}%H${fieldSep}%ct${fieldSep}%an${fieldSep}%s`, 'HEAD', '--', loc.relPath,
  ]);
  // Exit 128 here means no commits yet (unborn HEAD) or a path git does not know: both mean "no history".
  if (res.code !== 0) return [];
  return parseFollowLog(res.stdout.toString('utf8'), loc.relPath);
}

/** The text of `path` at `commit`, or undefined when that commit has no such file. */
export async function readAtCommit(root: string, commit: string, path: string): Promise<string | undefined> {
  if (!/^[0-9a-f]{4,64}$/i.test(commit) && commit !== 'HEAD') return undefined;
  const res = await runGit(root, ['cat-file', 'blob', `${commit}:${path}`]);
  if (res.code !== 0) return undefined;
  return res.stdout.toString('utf8');
}
