// Problems of `.prompt` files as you type: parse on open and (debounced) on change, then the slower file checks
// (partials, datasets) asynchronously; a newer edit always wins over an older result.
import * as vscode from 'vscode';
import type { Diagnostic, PromptDocument, Severity } from '../../core/promptFile/model';
import { checkReferences } from '../../core/promptFile/references';
import { isPromptDocument, type PromptDocumentCache, toVsRange } from './documentCache';
import { diskPath, editorFileSystem } from './editorFs';

const DEBOUNCE_MS = 200;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Slower checks that read other files; their result is dropped when the document changed meanwhile. */
export type ExtraChecks = (document: vscode.TextDocument, parsed: PromptDocument, signal: AbortSignal) => Promise<readonly Diagnostic[]>;

/** The file checks of the core (partials, datasets) for documents on disk; untitled ones have nothing to resolve. */
export const referenceChecks: ExtraChecks = async (document, parsed, signal) => {
  const file = diskPath(document);
  if (!file || signal.aborted) return [];
  return checkReferences(parsed, file, editorFileSystem);
};

export function toVsDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toVsRange(d.range), d.message, SEVERITY[d.severity] ?? vscode.DiagnosticSeverity.Error);
  out.code = d.code;
  out.source = 'promptops';
  if (d.code === 'PO2003') out.tags = [vscode.DiagnosticTag.Unnecessary];
  return out;
}

/** The core diagnostics last published for each document, for the quick-fix provider to read their `data`. */
export class PublishedDiagnostics {
  private readonly byUri = new Map<string, readonly Diagnostic[]>();

  set(uri: vscode.Uri, diagnostics: readonly Diagnostic[]): void {
    this.byUri.set(uri.toString(), diagnostics);
  }

  delete(uri: vscode.Uri): void {
    this.byUri.delete(uri.toString());
  }

  get(uri: vscode.Uri): readonly Diagnostic[] {
    return this.byUri.get(uri.toString()) ?? [];
  }
}

/** Publishes diagnostics for every open `.prompt` document, including untitled ones, in every workspace folder. */
export function registerDiagnostics(
  cache: PromptDocumentCache,
  published: PublishedDiagnostics,
  extraChecks: ExtraChecks | undefined,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('promptops');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const running = new Map<string, AbortController>();
  // The last file-check results stay up until new ones arrive, so problems do not blink on every keystroke.
  const lastExtra = new Map<string, readonly Diagnostic[]>();

  const publish = (document: vscode.TextDocument, diagnostics: readonly Diagnostic[]): void => {
    published.set(document.uri, diagnostics);
    collection.set(document.uri, diagnostics.map(toVsDiagnostic));
  };

  const check = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    timers.delete(key);
    if (document.isClosed || !isPromptDocument(document)) return;
    running.get(key)?.abort();
    const version = document.version;
    let parsed: PromptDocument;
    try {
      parsed = cache.get(document);
    } catch (e) {
      log.error(`Checking ${document.uri.toString(true)} failed: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const own = parsed.diagnostics;
    publish(document, [...own, ...(lastExtra.get(key) ?? [])]);
    if (!extraChecks) return;
    const controller = new AbortController();
    running.set(key, controller);
    void extraChecks(document, parsed, controller.signal).then(
      (extra) => {
        if (controller.signal.aborted || document.isClosed || document.version !== version) return;
        running.delete(key);
        lastExtra.set(key, extra);
        publish(document, [...own, ...extra]);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) log.warn(`File checks for ${document.uri.toString(true)} failed: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };

  const schedule = (document: vscode.TextDocument): void => {
    if (!isPromptDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => check(document), DEBOUNCE_MS));
  };

  const forget = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.delete(key);
    running.get(key)?.abort();
    running.delete(key);
    lastExtra.delete(key);
    published.delete(document.uri);
    collection.delete(document.uri);
  };

  const subscriptions = [
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => (isPromptDocument(d) ? check(d) : forget(d))),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument(forget),
    // A partial or dataset changing on disk changes the problems of the prompts that use it.
    vscode.workspace.onDidSaveTextDocument((saved) => {
      for (const d of vscode.workspace.textDocuments) if (d !== saved && isPromptDocument(d)) schedule(d);
    }),
    vscode.workspace.onDidCreateFiles(() => vscode.workspace.textDocuments.forEach(schedule)),
    vscode.workspace.onDidDeleteFiles(() => vscode.workspace.textDocuments.forEach(schedule)),
  ];
  for (const d of vscode.workspace.textDocuments) if (isPromptDocument(d)) check(d);

  return new vscode.Disposable(() => {
    for (const t of timers.values()) clearTimeout(t);
    for (const c of running.values()) c.abort();
    for (const s of subscriptions) s.dispose();
  });
}
