// Find all references and rename for input variables: template, input.schema, input.default and every test's vars.
import * as vscode from 'vscode';
import { renameVariable, variableAt, variableLocations } from '../../core/languageService/variables';
import { fromVsPosition, PROMPT_SELECTOR, type PromptDocumentCache, toVsRange } from './documentCache';

export function registerReferences(cache: PromptDocumentCache): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerReferenceProvider(PROMPT_SELECTOR, {
      provideReferences(document, position, context) {
        const doc = cache.get(document);
        const at = variableAt(doc, fromVsPosition(position));
        if (!at) return [];
        const locations = variableLocations(doc, at.name);
        const decl = doc.inputs.some((i) => i.name === at.name) ? locations[0] : undefined;
        return locations
          .filter((l) => context.includeDeclaration || l !== decl)
          .map((l) => new vscode.Location(document.uri, toVsRange(l.range)));
      },
    }),
    vscode.languages.registerRenameProvider(PROMPT_SELECTOR, {
      prepareRename(document, position) {
        const at = variableAt(cache.get(document), fromVsPosition(position));
        if (!at) throw new Error('Put the cursor on an input variable to rename it.');
        return { range: toVsRange(at.range), placeholder: at.name };
      },
      provideRenameEdits(document, position, newName) {
        const result = renameVariable(cache.get(document), fromVsPosition(position), newName);
        if ('error' in result) throw new Error(result.error);
        const edit = new vscode.WorkspaceEdit();
        for (const e of result) edit.replace(document.uri, toVsRange(e.range), e.newText);
        return edit;
      },
    }),
  );
}
