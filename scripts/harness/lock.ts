// A cross-process lock made of a directory (mkdir is atomic) holding the owner's pid, so a crashed owner's lock
// is taken over instead of blocking every later run.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function ownerAlive(lockDir: string): boolean {
  try {
    const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` while holding the lock at `lockDir`, waiting for another live holder to finish. */
export async function withLock<T>(lockDir: string, fn: () => T | Promise<T>): Promise<T> {
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock whose pid file is not written yet is young: give its owner a moment before judging it dead.
      await new Promise((r) => setTimeout(r, 1000));
      if (!ownerAlive(lockDir)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announced) {
        console.log(`harness: waiting for another install to finish (${lockDir})`);
        announced = true;
      }
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
