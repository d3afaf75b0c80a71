// Quick fixes: the core computes the edits from the diagnostics it published; this turns them into WorkspaceEdits.
import * as vscode from 'vscode';
import { codeActions } from '../../core/languageService/codeActions';
import { partialCandidates } from '../../core/promptFile/references';
import type { PublishedDiagnostics } from './diagnostics';
import { PROMPT_SELECTOR, type PromptDocumentCache, toVsRange } from './documentCache';

function sameRange(a: vscode.Range, b: vscode.Range): boolean {
  return a.isEqual(b);
}

/** Where a missing partial is created: the first place render() looks (none for untitled files). */
function partialPathFor(document: vscode.TextDocument, name: string): string | undefined {
  return document.uri.scheme === 'file' ? partialCandidates(name, document.uri.fsPath)[0] : undefined;
}

export function registerCodeActions(cache: PromptDocumentCache, published: PublishedDiagnostics): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(document, _range, context) {
      const wanted = context.diagnostics.filter((d) => d.source === 'promptops');
      if (wanted.length === 0) return [];
      const core = published.get(document.uri).filter((d) => wanted.some((w) => w.code === d.code && sameRange(w.range, toVsRange(d.range))));
      const doc = cache.get(document);
      return codeActions(doc, core, (name) => partialPathFor(document, name)).map((a) => {
        const action = new vscode.CodeAction(a.title, vscode.CodeActionKind.QuickFix);
        action.isPreferred = a.isPreferred;
        action.diagnostics = wanted.filter((w) => w.code === a.diagnosticCode);
        const edit = new vscode.WorkspaceEdit();
        for (const e of a.edit.edits) edit.replace(document.uri, toVsRange(e.range), e.newText);
        for (const f of a.edit.createFiles ?? []) {
          // Create, then insert: `createFile` with `contents` does not survive the trip to a browser workbench.
          const uri = vscode.Uri.file(f.path);
          edit.createFile(uri, { ignoreIfExists: true });
          edit.insert(uri, new vscode.Position(0, 0), f.contents);
        }
        action.edit = edit;
        return action;
      });
    },
  };
  return vscode.languages.registerCodeActionsProvider(PROMPT_SELECTOR, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] });
}
