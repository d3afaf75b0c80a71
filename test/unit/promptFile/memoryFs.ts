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
