// The vscode-free results of the language service; the adapters in src/extension/language convert them 1:1.
import type { Range } from '../promptFile/model';

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/** Edits to this file and, for fixes that create files, whole new files by absolute path. */
export interface WorkspaceEdit {
  readonly edits: readonly TextEdit[];
  readonly createFiles?: readonly { readonly path: string; readonly contents: string }[];
}

export type CompletionKind = 'property' | 'value' | 'variable' | 'function' | 'keyword' | 'module' | 'file' | 'enum';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Plain text, or a snippet when `snippet` is true. */
  readonly insertText?: string;
  readonly snippet?: boolean;
  /** The text this item replaces (the word typed so far). */
  readonly range?: Range;
  readonly sortText?: string;
  readonly filterText?: string;
}

export interface Hover {
  /** Markdown; model-supplied or file-supplied text inside it is escaped or fenced. */
  readonly contents: string;
  readonly range: Range;
}

export type SymbolKind = 'module' | 'namespace' | 'property' | 'method' | 'event' | 'variable';

export interface DocumentSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKind;
  readonly range: Range;
  readonly selectionRange: Range;
  readonly children: readonly DocumentSymbol[];
}

export interface FoldingRange {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind?: 'comment' | 'region';
}

export interface Location {
  /** Absolute path; undefined means this document. */
  readonly path?: string;
  readonly range: Range;
}

export interface DocumentLink {
  readonly range: Range;
  /** Absolute path of the target. */
  readonly target: string;
  readonly tooltip: string;
}

export interface CodeAction {
  readonly title: string;
  /** The diagnostic code this fixes. */
  readonly diagnosticCode: string;
  readonly isPreferred: boolean;
  readonly edit: WorkspaceEdit;
}

/** What the language service knows about a model, from the built-in catalogue or the configured providers. */
export interface ModelInfo {
  /** `provider/model`. */
  readonly id: string;
  readonly provider: string;
  readonly contextWindow?: number;
  readonly maxOutputTokens?: number;
  /** US dollars per million input tokens. */
  readonly inputPerMillion?: number;
  /** US dollars per million output tokens. */
  readonly outputPerMillion?: number;
}
