// Finds the prompt files a command works on: explicit files, folders (searched recursively) and globs.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileSystem } from '../core/io';
import { CliError } from './io';

/** Folders never searched: dependencies, VCS data, build output, the store itself. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.promptops', 'dist', 'out', '.vscode-test']);

/** The real disk, for the core's FileSystem interface. */
export const nodeFileSystem: FileSystem = {
  readFile: (path) => readFile(path, 'utf8'),
  exists: (path) => stat(path).then(() => true, () => false),
};

/** True for a runnable prompt file; partials (`_name.prompt`) only make sense inside other prompts. */
export function isPromptFile(path: string): boolean {
  const name = basename(path);
  return name.endsWith('.prompt') && !name.startsWith('_');
}

/** Resolves paths, folders and globs against cwd to a sorted, de-duplicated list of absolute prompt paths. */
export async function findPromptFiles(cwd: string, patterns: readonly string[], includePartials = false): Promise<string[]> {
  const keep = (p: string): boolean => (includePartials ? p.endsWith('.prompt') : isPromptFile(p));
  const found = new Set<string>();
  for (const pattern of patterns.length > 0 ? patterns : ['.']) {
    if (hasGlob(pattern)) {
      const { base, rest } = splitGlob(resolve(cwd, pattern));
      const re = globToRegExp(rest);
      let matched = 0;
      for (const file of await walk(base)) {
        if (re.test(relative(base, file).split(sep).join('/')) && keep(file)) {
          found.add(file);
          matched++;
        }
      }
      if (matched === 0) throw new CliError(`no prompt file matches ${pattern}`);
      continue;
    }
    const abs = resolve(cwd, pattern);
    const info = await stat(abs).catch(() => undefined);
    if (info === undefined) throw new CliError(`${pattern}: no such file or folder`);
    if (info.isDirectory()) {
      for (const file of await walk(abs)) if (keep(file)) found.add(file);
    } else if (abs.endsWith('.prompt')) {
      // A partial named explicitly (a pre-commit hook passes every staged file) is skipped, not an error.
      if (keep(abs)) found.add(abs);
    }
    else throw new CliError(`${pattern} is not a .prompt file`);
  }
  return [...found].sort();
}

/** Resolves the one prompt file a command takes (partials allowed); a folder or glob matching several is an error. */
export async function singlePromptFile(cwd: string, arg: string): Promise<string> {
  const files = await findPromptFiles(cwd, [arg], true);
  if (files.length !== 1) throw new CliError(`${arg} names ${files.length} prompt files; give exactly one`);
  return files[0];
}

/** Paths as shown to users: relative to cwd when inside it, with `/`. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) out.push(...(await walk(p)));
    } else if (e.isFile() && e.name.endsWith('.prompt')) out.push(p);
  }
  return out;
}

function hasGlob(p: string): boolean {
  return /[*?{[]/.test(p);
}

/** The folder before the first glob segment, and the glob relative to it. */
function splitGlob(abs: string): { base: string; rest: string } {
  const parts = abs.split(sep);
  const i = parts.findIndex(hasGlob);
  return { base: parts.slice(0, i).join(sep) || sep, rest: parts.slice(i).join('/') };
}

/** `**` any folders, `*` and `?` within a name, `{a,b}` alternatives, `[abc]` classes. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob.slice(i + 1, end).split(',').map(escapeRe).join('|')})`;
        i = end;
      }
    } else if (ch === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += escapeRe(ch);
  }
  return new RegExp(`^${re}$`);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
