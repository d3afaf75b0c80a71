// An in-memory FileSystem for the prompt-file tests.
import type { FileSystem } from '../../../src/core/io';

/** Files by absolute path; `unreadable` paths exist but fail to read. */
export function memoryFs(files: Record<string, string>, unreadable: readonly string[] = []): FileSystem {
  return {
    readFile(path: string): Promise<string> {
      if (unreadable.includes(path)) return Promise.reject(new Error(`EACCES: permission denied, open '${path}'`));
      const text = files[path];
      return text === undefined ? Promise.reject(new Error(`ENOENT: no such file or directory, open '${path}'`)) : Promise.resolve(text);
    },
    exists(path: string): Promise<boolean> {
      return Promise.resolve(path in files || unreadable.includes(path));
    },
  };
}

/** A memoryFs that tells versions (bumped by `write`) and counts the reads of each file. */
export function versionedFs(initial: Record<string, string>): FileSystem & { write(path: string, text: string): void; reads(path: string): number } {
  const files = { ...initial };
  const versions = new Map<string, number>();
  const readCount = new Map<string, number>();
  const inner = memoryFs(files);
  return {
    readFile(path: string): Promise<string> {
      readCount.set(path, (readCount.get(path) ?? 0) + 1);
      return inner.readFile(path);
    },
    exists: (path) => inner.exists(path),
    version: (path) => Promise.resolve(path in files ? `v${versions.get(path) ?? 0}` : undefined),
    write(path: string, text: string): void {
      files[path] = text;
      versions.set(path, (versions.get(path) ?? 0) + 1);
    },
    reads: (path) => readCount.get(path) ?? 0,
  };
}
