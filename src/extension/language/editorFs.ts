// The core's FileSystem for language features: open editors win over the disk, so an unsaved partial or dataset is
// checked as the user sees it.
import { readFile, readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileSystem } from '../../core/io';

function openDocument(fsPath: string): vscode.TextDocument | undefined {
  const wanted = path.normalize(fsPath);
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && path.normalize(d.uri.fsPath) === wanted);
}

/** A number per open document object: one closed and opened again is a new object whose versions start over. */
const documentIds = new WeakMap<vscode.TextDocument, number>();
let nextDocumentId = 0;

export const editorFileSystem: FileSystem = {
  readFile: async (p) => openDocument(p)?.getText() ?? readFile(p, 'utf8'),
  exists: async (p) => openDocument(p) !== undefined || stat(p).then(() => true, () => false),
  version: async (p) => {
    const open = openDocument(p);
    if (open) {
      let id = documentIds.get(open);
      if (id === undefined) documentIds.set(open, (id = ++nextDocumentId));
      return `editor ${id} ${open.version}`;
    }
    return stat(p, { bigint: true }).then((s) => `disk ${s.mtimeNs} ${s.ctimeNs} ${s.size} ${s.ino}`, () => undefined);
  },
};

/** File names in a folder, or none when it does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** The path of a document on disk, or undefined for untitled and virtual documents. */
export function diskPath(document: vscode.TextDocument): string | undefined {
  return document.uri.scheme === 'file' ? document.uri.fsPath : undefined;
}
