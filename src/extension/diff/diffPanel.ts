// One version diff editor tab: a WebviewPanel showing two versions of a prompt file (or one version on two models)
// with their text diff and outcome comparison. The panel computes with src/core and sends plain data; the webview
// renders it as text.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildComparison, type Comparison, type ComparisonContext } from '../../core/compare/comparison';
import { listVersions, parseVersionId, readVersion, type PromptVersion } from '../../core/versions/versions';
import type { DiffHostMessage, DiffModel, DiffSelection, DiffVersionOption, DiffWebviewMessage } from '../../protocol/diff';
import type { EngineSession } from '../engine/engineHost';
import { loadWebview } from '../webviewHost';
import { runVersion } from './runVersion';

export const diffViewType = 'promptops.diff';

/** What the panel needs from the engine; the extension's EngineHost satisfies it. */
export interface DiffEngine {
  session(uri: vscode.Uri): Promise<EngineSession>;
}

/** Left HEAD and right the working copy (the buffer when it has unsaved changes), as the issue asks. */
export function defaultSelection(versions: readonly PromptVersion[]): DiffSelection | undefined {
  const has = (id: string): boolean => versions.some((v) => v.id === id);
  const right = has('unsaved') ? 'unsaved' : has('workingCopy') ? 'workingCopy' : versions[0]?.id;
  const left = has('head') ? 'head' : versions.find((v) => v.id !== right)?.id;
  return left !== undefined && right !== undefined ? { left, right } : undefined;
}

/** What a compare command resolves with once the panel has computed its first comparison (for callers and tests). */
export interface DiffPanelSnapshot {
  readonly title: string;
  readonly versions: readonly DiffVersionOption[];
  readonly model?: DiffModel;
  readonly error?: string;
}

export class DiffPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private selection: DiffSelection | undefined;
  private versions: PromptVersion[] = [];
  private loadSeq = 0;
  private running: AbortController | undefined;
  private last: Comparison | undefined;
  private disposed = false;
  private shown: DiffPanelSnapshot | undefined;
  private readonly waiters: ((s: DiffPanelSnapshot) => void)[] = [];
  private readonly _onDidDispose = new vscode.EventEmitter<void>();
  readonly onDidDispose = this._onDidDispose.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    readonly fileUri: vscode.Uri,
    private readonly engine: DiffEngine,
    private readonly log: vscode.LogOutputChannel,
    selection?: DiffSelection,
  ) {
    this.selection = selection;
    loadWebview(panel.webview, extensionUri, 'diff', 'PromptOps Compare', 'The version diff needs scripts enabled.');
    panel.title = `Compare ${path.basename(fileUri.path)}`;
    this.disposables.push(
      this._onDidDispose,
      panel.webview.onDidReceiveMessage((m: unknown) => void this.handle(m)),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d.uri.toString() === fileUri.toString()) void this.load();
      }),
    );
  }

  private post(message: DiffHostMessage): void {
    // A load or run can finish after the tab closed; its result has nowhere to go.
    if (this.disposed) return;
    void this.panel.webview.postMessage(message);
    if (message.type === 'model' || message.type === 'error') {
      const versions = this.versions.map((v) => ({ id: v.id, kind: v.ref.kind, label: v.label }));
      this.shown = { title: this.panel.title, versions, ...(message.type === 'model' ? { model: message.model } : { error: message.message }) };
      for (const w of this.waiters.splice(0)) w(this.shown);
    }
  }

  /** The latest comparison sent to the view, waiting for the first one when none was sent yet. */
  snapshot(): Promise<DiffPanelSnapshot> {
    return this.shown ? Promise.resolve(this.shown) : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Recomputes now (the view also asks when it loads; the newer load wins). */
  refresh(selection?: DiffSelection): Promise<DiffPanelSnapshot> {
    if (selection) this.selection = selection;
    this.shown = undefined;
    void this.handle({ type: 'refresh' });
    return this.snapshot();
  }

  /** Runs every missing outcome of both sides, as the view's `Run missing` button does, and resolves with the result. */
  async runMissing(): Promise<DiffPanelSnapshot> {
    await this.snapshot();
    await this.handle({ type: 'runMissing' });
    return this.snapshot();
  }

  private async handle(raw: unknown): Promise<void> {
    if (typeof raw !== 'object' || raw === null || !('type' in raw)) return;
    const m = raw as DiffWebviewMessage;
    try {
      switch (m.type) {
        case 'ready':
        case 'refresh':
          await this.load();
          break;
        case 'select':
          if (parseVersionId(m.selection.left) && parseVersionId(m.selection.right)) {
            this.selection = m.selection;
            await this.load();
          }
          break;
        case 'run':
          await this.run(m.side, m.rowKeys);
          break;
        case 'runMissing':
          await this.run('left');
          await this.run('right');
          break;
        default:
          break; // Unknown messages are ignored (protocol rule).
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.warn(`Compare ${this.fileUri.fsPath}: ${message}`);
      this.post({ type: 'error', message });
    }
  }

  private async context(): Promise<{ ctx: ComparisonContext; session: EngineSession }> {
    const session = await this.engine.session(this.fileUri);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.fileUri.toString());
    const filePath = this.fileUri.fsPath;
    const ctx: ComparisonContext = {
      filePath,
      ...(open?.isDirty ? { unsavedText: open.getText() } : {}),
      snapshots: session.store,
      outcomes: session.store,
      storePath: session.store.storePath(filePath),
    };
    return { ctx, session };
  }

  /** Recomputes the versions and the comparison and sends them; a newer load wins over a slower older one. */
  async load(): Promise<void> {
    const seq = ++this.loadSeq;
    const { ctx } = await this.context();
    this.versions = await listVersions(ctx);
    if (seq !== this.loadSeq) return;
    const options: DiffVersionOption[] = this.versions.map((v) => ({ id: v.id, kind: v.ref.kind, label: v.label }));
    this.post({ type: 'versions', versions: options });
    const known = (id: string): boolean => this.versions.some((v) => v.id === id);
    if (!this.selection || !known(this.selection.left) || !known(this.selection.right)) this.selection = defaultSelection(this.versions);
    const selection = this.selection;
    if (!selection) {
      // One version is the usual first experience (a file never committed, whose runs all saw this same text).
      const only = this.versions[0];
      this.post({
        type: 'error',
        message: only
          ? `${this.fileUri.fsPath} has one version so far (${only.label}). A version is kept each time the file is committed and each time its tests run: commit it or run its tests, then edit it, and there are two to compare.`
          : `${this.fileUri.fsPath} has no versions to compare yet: save it, commit it, or run its tests.`,
      });
      return;
    }
    this.post({ type: 'loading', selection });
    const left = parseVersionId(selection.left);
    const right = parseVersionId(selection.right);
    if (!left || !right) return;
    const comparison = await buildComparison(ctx, { left, right, ...(selection.models ? { models: selection.models } : {}) });
    if (seq !== this.loadSeq) return;
    this.last = comparison;
    this.post({ type: 'model', model: this.toModel(comparison, selection) });
  }

  private labelOf(id: string): string {
    return this.versions.find((v) => v.id === id)?.label ?? id;
  }

  private toModel(c: Comparison, selection: DiffSelection): DiffModel {
    const models = selection.models;
    return {
      fileUri: this.fileUri.toString(),
      fileName: path.basename(this.fileUri.fsPath),
      selection,
      leftLabel: models ? `${this.labelOf(selection.left)} · ${models.left}` : this.labelOf(selection.left),
      rightLabel: models ? `${this.labelOf(selection.right)} · ${models.right}` : this.labelOf(selection.right),
      availableModels: [...new Set([...c.left.models, ...c.right.models])].sort(),
      text: c.text,
      summary: c.summary,
      outcomes: c.outcomes,
    };
  }

  /** Runs one side's missing cases (or the given rows) through the engine, then reloads. */
  private async run(side: 'left' | 'right', rowKeys?: readonly string[]): Promise<void> {
    const c = this.last;
    const selection = this.selection;
    if (!c || !selection) return;
    const missing = side === 'left' ? 'missing-left' : 'missing-right';
    const rows = c.outcomes.rows.filter((r) => (rowKeys ? rowKeys.includes(r.key) : r.status === missing));
    const models = selection.models;
    const model = models?.[side];
    const other = models?.[side === 'left' ? 'right' : 'left'];
    // In a model comparison the row's case id may name the other model (`test › provider/model › row N`): swap it.
    const caseIds = rows.map((r) => {
      const prefix = `${r.testName} › ${other ?? ''}`;
      return model && other && r.caseId.startsWith(prefix) ? `${r.testName} › ${model}${r.caseId.slice(prefix.length)}` : r.caseId;
    });
    if (rows.length === 0) return;
    const ref = parseVersionId(side === 'left' ? selection.left : selection.right);
    if (!ref) return;
    const { ctx, session } = await this.context();
    const text = await readVersion(ctx, ref);
    this.running?.abort();
    const abort = new AbortController();
    this.running = abort;
    this.post({ type: 'running', running: true, message: `Running ${rows.length} case${rows.length === 1 ? '' : 's'} of the ${side} version…` });
    try {
      const summary = await runVersion(session, {
        text,
        filePath: this.fileUri.fsPath,
        caseIds,
        ...(model ? { model } : {}),
        signal: abort.signal,
      });
      const done = summary ? `${summary.passed} passed, ${summary.failed} failed, ${summary.errors} errors, ${summary.cached} from cache` : 'No matching cases in that version.';
      this.post({ type: 'running', running: false, message: done });
    } finally {
      if (this.running === abort) this.running = undefined;
    }
    // What callers wait for is a comparison with these runs in it: drop the one shown before, so snapshot() waits for
    // the next load (this one, or a newer one such as the view's late `ready` that supersedes it).
    this.shown = undefined;
    await this.load();
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.running?.abort();
    // Nothing more will be shown: answer whoever waits (a compare or run command) instead of leaving it hanging.
    for (const w of this.waiters.splice(0)) w({ title: this.panel.title, versions: [], error: 'The Compare tab was closed.' });
    this._onDidDispose.fire();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
