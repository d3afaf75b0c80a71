// Results beside the code: after a run, each test line shows ✓/✗ with latency, tokens, cost and "cached"; hovering
// shows the output and why assertions failed. Editing the prompt dims the results, since they describe older text.
import * as vscode from 'vscode';
import { isPromptDocument, PROMPT_SELECTOR } from '../language/documentCache';

export interface InlineResult {
  readonly status: 'passed' | 'failed' | 'errored' | 'skipped';
  readonly line: number;
  readonly latencyMs?: number;
  readonly tokens?: number;
  readonly costUsd?: number;
  readonly cached: boolean;
  readonly output?: string;
  readonly reasons: readonly string[];
  /** N/M passes when the test repeats. */
  readonly passRate?: string;
  /** The model or dataset row, when a test shows one result per model or row. */
  readonly label?: string;
}

interface FileResults {
  version: number;
  stale: boolean;
  readonly byTest: Map<string, InlineResult>;
}

/** Formats the short text shown after a test line. */
export function summaryText(r: InlineResult): string {
  const icon = r.status === 'passed' ? '✓' : r.status === 'failed' ? '✗' : r.status === 'errored' ? '⚠' : '○';
  const parts: string[] = [`${r.label ? `${r.label}: ` : ''}${r.status === 'skipped' ? 'cancelled' : r.status}`];
  if (r.passRate) parts.push(r.passRate);
  if (r.latencyMs !== undefined) parts.push(r.latencyMs < 1000 ? `${Math.round(r.latencyMs)} ms` : `${(r.latencyMs / 1000).toFixed(1)} s`);
  if (r.tokens !== undefined) parts.push(`${r.tokens} tok`);
  parts.push(r.costUsd === undefined ? 'cost unknown' : `$${r.costUsd.toFixed(r.costUsd < 0.01 ? 5 : 3)}`);
  if (r.cached) parts.push('cached');
  return `${icon} ${parts.join(' · ')}`;
}

export class InlineResults implements vscode.Disposable {
  private readonly files = new Map<string, FileResults>();
  private readonly fresh = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground') },
    isWholeLine: true,
  });
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.fresh,
      vscode.window.onDidChangeVisibleTextEditors(() => this.paintAll()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const f = this.files.get(e.document.uri.toString());
        if (f && e.contentChanges.length > 0 && !f.stale) {
          f.stale = true;
          this.paint(e.document.uri);
        }
      }),
      vscode.languages.registerHoverProvider(PROMPT_SELECTOR, { provideHover: (doc, pos) => this.hover(doc, pos) }),
    );
  }

  /** Records the result of one test; the document version tells later edits apart. */
  set(uri: vscode.Uri, testName: string, result: InlineResult): void {
    const key = uri.toString();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    let f = this.files.get(key);
    if (!f || f.stale) {
      f = { version: doc?.version ?? 0, stale: false, byTest: new Map<string, InlineResult>() };
      this.files.set(key, f);
    }
    f.byTest.set(testName, result);
    this.paint(uri);
  }

  /** The results shown for a file, for tests and for the hover. */
  get(uri: vscode.Uri): ReadonlyMap<string, InlineResult> | undefined {
    return this.files.get(uri.toString())?.byTest;
  }

  isStale(uri: vscode.Uri): boolean {
    return this.files.get(uri.toString())?.stale ?? false;
  }

  clear(uri?: vscode.Uri): void {
    if (uri) this.files.delete(uri.toString());
    else this.files.clear();
    this.paintAll();
  }

  private paintAll(): void {
    for (const e of vscode.window.visibleTextEditors) if (isPromptDocument(e.document)) this.paint(e.document.uri);
  }

  private paint(uri: vscode.Uri): void {
    const f = this.files.get(uri.toString());
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() !== uri.toString()) continue;
      const options: vscode.DecorationOptions[] = [];
      const byLine = new Map<number, InlineResult[]>();
      for (const r of f?.byTest.values() ?? []) byLine.set(r.line, [...(byLine.get(r.line) ?? []), r]);
      for (const [lineNo, rs] of byLine) {
        if (lineNo >= editor.document.lineCount) continue;
        const worst = rs.find((r) => r.status !== 'passed') ?? rs[0];
        const color = f?.stale
          ? new vscode.ThemeColor('disabledForeground')
          : new vscode.ThemeColor(worst.status === 'passed' ? 'testing.iconPassed' : worst.status === 'skipped' ? 'testing.iconSkipped' : 'testing.iconFailed');
        options.push({
          range: editor.document.lineAt(lineNo).range,
          renderOptions: { after: { contentText: `${rs.map(summaryText).join('   ')}${f?.stale ? ' (prompt changed since)' : ''}`, color } },
        });
      }
      editor.setDecorations(this.fresh, options);
    }
  }

  private hover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const f = this.files.get(doc.uri.toString());
    if (!f) return undefined;
    const rs = [...f.byTest.values()].filter((r) => r.line === pos.line);
    if (rs.length === 0) return undefined;
    const md = new vscode.MarkdownString();
    for (const r of rs) {
      md.appendMarkdown(md.value === '' ? '' : '\n\n---\n\n').appendText(summaryText(r));
      if (f.stale) md.appendMarkdown('\n\n*The prompt changed after this run.*');
      if (r.reasons.length > 0) {
        md.appendMarkdown('\n\n**Why it failed**\n');
        for (const reason of r.reasons.slice(0, 10)) md.appendMarkdown('\n- ').appendText(reason);
      }
      if (r.output !== undefined) {
        md.appendMarkdown('\n\n**Output**\n');
        md.appendCodeblock(r.output.length > 2000 ? `${r.output.slice(0, 2000)}\n…` : r.output, 'text');
      }
    }
    // Model output is untrusted: no command links, no HTML.
    md.isTrusted = false;
    md.supportHtml = false;
    return new vscode.Hover(md, doc.lineAt(pos.line).range);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
