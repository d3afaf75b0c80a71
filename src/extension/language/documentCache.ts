// One parse per document version, shared by diagnostics and every language feature of the same file.
import * as vscode from 'vscode';
import { parse } from '../../core/promptFile/parse';
import type { Position, PromptDocument, Range } from '../../core/promptFile/model';

export const LANGUAGE_ID = 'promptops';

/** The selector every `.prompt` feature registers for: files, untitled editors, and any other scheme. */
export const PROMPT_SELECTOR: vscode.DocumentSelector = [{ language: LANGUAGE_ID }];

export function isPromptDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === LANGUAGE_ID;
}

interface Entry {
  readonly version: number;
  readonly doc: PromptDocument;
}

/** Parsed documents by URI; an entry is replaced when the version changes and dropped when the document closes. */
export class PromptDocumentCache implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString()));
  }

  /** The parsed model of the document's current text. */
  get(document: vscode.TextDocument): PromptDocument {
    const key = document.uri.toString();
    const hit = this.entries.get(key);
    if (hit && hit.version === document.version) return hit.doc;
    const doc = parse(document.getText());
    this.entries.set(key, { version: document.version, doc });
    return doc;
  }

  dispose(): void {
    this.subscription.dispose();
    this.entries.clear();
  }
}

export function toVsRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function fromVsPosition(p: vscode.Position): Position {
  return { line: p.line, character: p.character };
}
