// Small file helpers for the store: whole-file writes that a crash cannot leave half-done.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';

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

/** True for "no such file" errors, which the store treats as absence rather than failure. */
export function isMissing(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A short description of a file-system error for a warning. */
export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
