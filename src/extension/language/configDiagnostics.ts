// Problems in promptops.config.yaml as you type: the checks a test run and the CLI make, at the same line and column,
// so a wrong key or an inlined secret shows before a run stops on it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseConfig } from '../../core/config/config';
import { isConfigFileName } from '../../core/config/fileNames';

const DELAY_MS = 200;

/** Whether a document is a PromptOps workspace config file (by its name, whatever language mode it is in). */
export function isConfigDocument(document: vscode.TextDocument): boolean {
  return isConfigFileName(path.posix.basename(document.uri.path));
}

/** The config's problems as diagnostics, each on the key or value it names. */
export function configDiagnostics(document: vscode.TextDocument): vscode.Diagnostic[] {
  const file = document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.path;
  return parseConfig(document.getText(), file).problems.map((p) => {
    const line = Math.min(Math.max(p.line - 1, 0), document.lineCount - 1);
    const text = document.lineAt(line);
    const start = new vscode.Position(line, Math.min(Math.max(p.column - 1, 0), text.range.end.character));
    const token = document.getWordRangeAtPosition(start, /[^\s:#,[\]{}]+/);
    const range = token ?? new vscode.Range(start, text.range.end.isEqual(start) ? start : text.range.end);
    const d = new vscode.Diagnostic(range, p.path === '' ? p.message : `${p.path}: ${p.message}`, vscode.DiagnosticSeverity.Error);
    d.source = 'PromptOps';
    return d;
  });
}

/** Publishes the diagnostics of every open config file, 200 ms after its last change; cleared when it closes. */
export function registerConfigDiagnostics(): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('promptops-config');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const check = (document: vscode.TextDocument): void => {
    if (document.isClosed) return;
    collection.set(document.uri, configDiagnostics(document));
  };
  const schedule = (document: vscode.TextDocument, delay: number): void => {
    if (!isConfigDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      check(document);
    }, delay));
  };
  for (const document of vscode.workspace.textDocuments) schedule(document, 0);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => schedule(d, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document, DELAY_MS)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      clearTimeout(timers.get(d.uri.toString()));
      timers.delete(d.uri.toString());
      collection.delete(d.uri);
    }),
    new vscode.Disposable(() => {
      for (const t of timers.values()) clearTimeout(t);
    }),
  );
}
