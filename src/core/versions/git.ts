// Git access for prompt versions through the `git` CLI. Arguments go to execFile as an array (never a shell
// string), pathspecs are literal, and repository config that could run programs during a read is switched off,
// because the repository and its file names are untrusted.
import type * as childProcess from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { basename, dirname, relative, sep } from 'node:path';

export interface GitResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Where a file sits in a git work tree: the top-level folder and its path relative to it, with `/` separators. */
export interface RepoLocation {
  readonly root: string;
  readonly relPath: string;
}

const maxBuffer = 64 * 1024 * 1024;

// `-c` overrides beat repository config: no fsmonitor hook, no pager, no signature checks, no text conversion.
const safeConfig = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.quotePath=false',
  '-c', 'log.showSignature=false',
  '-c', 'color.ui=false',
  '--no-pager',
  '--literal-pathspecs',
];

// Loaded on the first git call, not with the engine: a CLI run in a folder outside any repository never starts git,
// and node:child_process (with net and dgram under it) is a few milliseconds of every start.
let childProcessLoaded: typeof childProcess | undefined;
function childProcessModule(): typeof childProcess {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (childProcessLoaded ??= require('node:child_process') as typeof childProcess);
}

/** Runs `git` with the given arguments in `cwd`; resolves with the exit code instead of throwing on failure. */
export function runGit(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    childProcessModule().execFile(
      'git',
      [...safeConfig, ...args],
      {
        cwd,
        encoding: 'buffer',
        maxBuffer,
        windowsHide: true,
        // Reads must not take the index lock a user's own git command may be waiting for.
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        const errText = stderr.toString('utf8') || (error !== null && code === -1 ? error.message : '');
        resolve({ code, stdout, stderr: errText });
      },
    );
  });
}

/** Finds the git work tree holding `filePath`, or undefined when the file is outside git (or git is missing). */
export async function locateInRepo(filePath: string): Promise<RepoLocation | undefined> {
  let dir: string;
  try {
    dir = await realpath(dirname(filePath));
  } catch {
    return undefined;
  }
  const top = await runGit(dir, ['rev-parse', '--show-toplevel']);
  if (top.code !== 0) return undefined;
  const rootText = top.stdout.toString('utf8').replace(/\r?\n$/, '');
  if (rootText === '') return undefined; // inside .git or a bare repository
  let root: string;
  try {
    root = await realpath(rootText);
  } catch {
    return undefined;
  }
  const rel = relative(root, `${dir}${sep}${basename(filePath)}`);
  if (rel.startsWith('..')) return undefined;
  return { root, relPath: rel.split(sep).join('/') };
}

/** The commit HEAD points at, or undefined in a repository that has no commits yet. */
export async function headCommit(root: string): Promise<string | undefined> {
  const head = await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (head.code !== 0) return undefined;
  const sha = head.stdout.toString('utf8').trim();
  return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}

/** True when the file at `relPath` differs from HEAD: modified, staged, untracked, ignored or deleted. */
export async function isDirty(root: string, relPath: string): Promise<boolean> {
  const status = await runGit(root, ['status', '--porcelain=v1', '-z', '--ignored=matching', '--untracked-files=all', '--', relPath]);
  if (status.code !== 0) return true;
  return status.stdout.length > 0;
}

/**
 * The commit a run of `filePath` was made at and whether the file differs from it; undefined outside git or in a
 * repository with no commits. Never throws.
 */
export async function gitInfo(filePath: string): Promise<{ commit: string; dirty: boolean } | undefined> {
  const loc = await locateInRepo(filePath);
  if (loc === undefined) return undefined;
  const commit = await headCommit(loc.root);
  if (commit === undefined) return undefined;
  return { commit, dirty: await isDirty(loc.root, loc.relPath) };
}
