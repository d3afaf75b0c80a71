// `PromptOps: New Prompt File`: opens an untitled `.prompt` editor holding a working prompt with one test.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { newPromptSnippet } from '../../core/languageService/scaffold';

export const NEW_PROMPT_FILE_COMMAND = 'promptops.newPromptFile';

/** Picks a free `untitled-N.prompt` name in `folder` so saving never overwrites a file. */
async function freeName(folder: vscode.Uri): Promise<vscode.Uri> {
  for (let n = 1; n < 1000; n++) {
    const candidate = vscode.Uri.joinPath(folder, n === 1 ? 'new.prompt' : `new-${n}.prompt`);
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      return candidate;
    }
  }
  return vscode.Uri.joinPath(folder, `new-${Date.now()}.prompt`);
}

async function targetFolder(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && arg.scheme === 'file') {
    try {
      const stat = await vscode.workspace.fs.stat(arg);
      return stat.type & vscode.FileType.Directory ? arg : vscode.Uri.file(path.dirname(arg.fsPath));
    } catch {
      return undefined;
    }
  }
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** Registers the command; from the explorer's context menu the file is placed in the clicked folder. */
export function registerNewPromptFileCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(NEW_PROMPT_FILE_COMMAND, async (arg?: unknown) => {
    const folder = await targetFolder(arg);
    const doc = folder?.scheme === 'file'
      ? await vscode.workspace.openTextDocument((await freeName(folder)).with({ scheme: 'untitled' }))
      : await vscode.workspace.openTextDocument({ language: 'promptops' });
    const editor = await vscode.window.showTextDocument(doc);
    if (doc.languageId !== 'promptops') await vscode.languages.setTextDocumentLanguage(doc, 'promptops');
    await editor.insertSnippet(new vscode.SnippetString(newPromptSnippet()), new vscode.Position(0, 0));
    return doc.uri;
  });
}
