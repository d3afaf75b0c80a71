// Go to definition and document links for partials and dataset files.
import * as vscode from 'vscode';
import { definition, documentLinks } from '../../core/languageService/navigation';
import { fromVsPosition, PROMPT_SELECTOR, type PromptDocumentCache, toVsRange } from './documentCache';
import { diskPath, editorFileSystem } from './editorFs';

export function registerNavigation(cache: PromptDocumentCache): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerDefinitionProvider(PROMPT_SELECTOR, {
      async provideDefinition(document, position) {
        const file = diskPath(document);
        if (!file) return undefined;
        const loc = await definition(cache.get(document), fromVsPosition(position), file, editorFileSystem);
        return loc?.path ? new vscode.Location(vscode.Uri.file(loc.path), toVsRange(loc.range)) : undefined;
      },
    }),
    vscode.languages.registerDocumentLinkProvider(PROMPT_SELECTOR, {
      async provideDocumentLinks(document) {
        const file = diskPath(document);
        if (!file) return [];
        return (await documentLinks(cache.get(document), file, editorFileSystem)).map((l) => {
          const link = new vscode.DocumentLink(toVsRange(l.range), vscode.Uri.file(l.target));
          link.tooltip = l.tooltip;
          return link;
        });
      },
    }),
  );
}
