// Outline, breadcrumbs and folding for `.prompt` files, from the core's symbols.
import * as vscode from 'vscode';
import { documentSymbols, foldingRanges } from '../../core/languageService/symbols';
import type { DocumentSymbol, SymbolKind } from '../../core/languageService/types';
import { PROMPT_SELECTOR, type PromptDocumentCache, toVsRange } from './documentCache';

const KIND: Record<SymbolKind, vscode.SymbolKind> = {
  module: vscode.SymbolKind.Module,
  namespace: vscode.SymbolKind.Namespace,
  property: vscode.SymbolKind.Property,
  method: vscode.SymbolKind.Method,
  event: vscode.SymbolKind.Event,
  variable: vscode.SymbolKind.Variable,
};

function toVs(s: DocumentSymbol): vscode.DocumentSymbol {
  const out = new vscode.DocumentSymbol(s.name, s.detail, KIND[s.kind], toVsRange(s.range), toVsRange(s.selectionRange));
  out.children = s.children.map(toVs);
  return out;
}

export function registerOutline(cache: PromptDocumentCache): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerDocumentSymbolProvider(PROMPT_SELECTOR, {
      provideDocumentSymbols: (document) => documentSymbols(cache.get(document)).map(toVs),
    }, { label: 'PromptOps' }),
    vscode.languages.registerFoldingRangeProvider(PROMPT_SELECTOR, {
      provideFoldingRanges: (document) =>
        foldingRanges(cache.get(document)).map((r) => new vscode.FoldingRange(r.startLine, r.endLine,
          r.kind === 'comment' ? vscode.FoldingRangeKind.Comment : r.kind === 'region' ? vscode.FoldingRangeKind.Region : undefined)),
    }),
  );
}
