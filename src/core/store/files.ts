// Small file helpers for the store: whole-file writes that a crash cannot leave half-done.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../io';

/** Writes a file through a temp file and a rename, so readers see the old content or the new, never a mix. */
export async function writeAtomic(path: string, data: string | Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** Creates a folder a writer is about to put its first file in. */
export type MakeFolder = (dir: string) => Promise<void>;

/** Plain `mkdir -p`, for a writer used on its own. */
export const makeFolder: MakeFolder = async (dir) => {
  await fs.mkdir(dir, { recursive: true });
};

const GITIGNORE = '# Written by PromptOps: the response cache and run history stay on this machine.\n*\n';

/**
 * The folder maker of a store: the store folder is created only when something is first written to it (opening it to
 * read leaves the workspace as it was), and each time it is (again, after a reset by hand), with its `.gitignore`
 * unless the folder has one, so the store is never committed by accident.
 */
export function storeFolderMaker(root: string, logger: Logger): MakeFolder {
  return async (dir) => {
    await fs.mkdir(root, { recursive: true });
    const ignore = join(root, '.gitignore');
    try {
      await fs.writeFile(ignore, GITIGNORE, { flag: 'wx' });
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') logger.warn(`Could not write ${ignore}: ${describeError(e)}`);
    }
    if (dir !== root) await fs.mkdir(dir, { recursive: true });
  };
}

/** True for "no such file" errors, which the store treats as absence rather than failure. */
export function isMissing(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A short description of a file-system error for a warning. */
export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
