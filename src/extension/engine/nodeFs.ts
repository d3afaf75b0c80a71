// The local disk behind the core's FileSystem interface, as the extension host sees it.
import { readFile, stat } from 'node:fs/promises';
import type { FileSystem } from '../../core/io';
import type * as vscode from 'vscode';

export const diskFileSystem: FileSystem = {
  readFile: (path) => readFile(path, 'utf8'),
  exists: (path) => stat(path).then(() => true, () => false),
};

/** Adapts a LogOutputChannel to the core's Logger. */
export function channelLogger(log: vscode.LogOutputChannel): { info(m: string): void; warn(m: string): void; error(m: string): void } {
  return { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) };
}
