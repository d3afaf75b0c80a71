// The outcome panel's host: a WebviewView in the panel area that follows the active prompt file, loads its run
// records from the store, keeps them live (in-process appends plus a watcher on the store folder for other writers)
// and answers the front end's messages.
import * as vscode from 'vscode';
import { summarize } from '../../core/store/summary';
import type { RecordSummary, RunRecord } from '../../core/store/types';
import type {
  FilterState, HostToOutcomesMessage, ListMode, OutcomePanelSnapshot, OutcomeScope, OutcomesToHostMessage,
} from '../../protocol/outcomes';
import { OutcomeActions } from './actions';
import { loadWebview } from '../webviewHost';
import { searchOutputs, toDetail, toSummary } from './model';
import { PAGE_SIZE, splitFirstPage } from './paging';
import type { OutcomeSources } from './panelSources';
import type { OutcomeSource } from './source';

export const outcomesViewId = 'promptops.outcomes';

export interface ShowOutcomesArgs {
  readonly status?: FilterState['status'];
  readonly model?: string;
  readonly text?: string;
  readonly mode?: ListMode;
  /** Show every prompt of the workspace (true) or the active prompt (false). */
  readonly allPrompts?: boolean;
  /** Open the detail of this outcome (a run record id). */
  readonly outcomeId?: string;
}

function isPromptDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && (doc.languageId === 'promptops' || doc.uri.fsPath.endsWith('.prompt'));
}

export class OutcomeViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private viewDisposables: vscode.Disposable[] = [];
  private storeDisposables: vscode.Disposable[] = [];
  private promptPath: string | undefined;
  private allPrompts = false;
  /** Summaries of every run the list holds (the full records are read from the store on demand). */
  private runs = new Map<string, RecordSummary>();
  private loadSeq = 0;
  /** Runs of the last load not yet sent, newest first, for the front end's `loadMore`. */
  private unsent: { loadId: number; runs: readonly RecordSummary[]; next: number } | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private staleWhileHidden = false;
  private readonly actions: OutcomeActions;
  private readonly _onDidRender = new vscode.EventEmitter<OutcomePanelSnapshot>();
  /** Fires after the front end rendered (counts, filters, open detail). */
  readonly onDidRender = this._onDidRender.event;
  private lastSnapshot: OutcomePanelSnapshot | undefined;
  /** Messages for a front end that has not said `ready` yet; sent after its first load. */
  private pending: HostToOutcomesMessage[] = [];
  private frontEndReady = false;
  /** The store of the scope shown (the active prompt's, or every store combined), or why there is none. */
  private current: OutcomeSource | string = 'Opening the outcome store…';

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly sources: OutcomeSources,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const source = (): OutcomeSource | undefined => this.source();
    this.actions = new OutcomeActions({
      source,
      log,
      records: async (ids) => (await source()?.recordsById(ids)) ?? [],
      summaries: () => this.runs.values(),
      scopePromptPath: () => this.scopePath(),
    });
    this.disposables.push(this._onDidRender);
    const active = vscode.window.activeTextEditor?.document;
    if (active && isPromptDocument(active)) this.promptPath = active.uri.fsPath;
    this.disposables.push(vscode.window.onDidChangeActiveTextEditor((editor) => {
      // Focusing the panel itself clears the active editor; the panel keeps showing the last prompt then.
      if (!editor || !isPromptDocument(editor.document) || editor.document.uri.fsPath === this.promptPath) return;
      this.promptPath = editor.document.uri.fsPath;
      if (!this.allPrompts) void this.reload();
    }));
  }

  private source(): OutcomeSource | undefined {
    return typeof this.current === 'string' ? undefined : this.current;
  }

  /** The stores changed (workspace folders added or removed): show the scope again from the right ones. */
  refresh(): void {
    if (this.view) void this.reload();
  }

  /** The source for the scope shown now: the active prompt's own store, or every store of the workspace. */
  private resolveSource(): Promise<OutcomeSource | string> {
    if (!this.allPrompts && this.promptPath !== undefined) return this.sources.forPrompt(this.promptPath);
    return this.sources.forWorkspace();
  }

  /** Switches to `next`, moving the store listeners over when it is another store. */
  private useSource(next: OutcomeSource | string): void {
    if (next === this.current) return;
    this.disposeStoreListeners();
    this.current = next;
    if (this.view) this.watchStore();
  }

  get snapshot(): OutcomePanelSnapshot | undefined {
    return this.lastSnapshot;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.frontEndReady = false;
    loadWebview(view.webview, this.extensionUri, 'outcomes', 'PromptOps Outcomes', 'The outcome panel needs scripts enabled.');
    this.disposeViewListeners();
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      view.onDidDispose(() => {
        this.view = undefined;
        this.disposeViewListeners();
      }),
      view.onDidChangeVisibility(() => {
        if (view.visible && this.staleWhileHidden) void this.reload();
      }),
    );
    this.watchStore();
  }

  /** Focuses the view, applies filters or opens an outcome, and resolves with what it then shows. */
  async show(args: ShowOutcomesArgs = {}): Promise<OutcomePanelSnapshot | undefined> {
    const rendered = new Promise<OutcomePanelSnapshot | undefined>((resolve) => {
      const timer = setTimeout(() => {
        sub.dispose();
        resolve(this.lastSnapshot);
      }, 10_000);
      const sub = this.onDidRender((s) => {
        if (s.loading) return;
        if (args.outcomeId !== undefined && (s.detailId !== args.outcomeId || !s.detailLoaded)) return;
        // After a change of scope, the render of the new scope's list (the one of the filters alone comes first).
        if (args.allPrompts !== undefined && (s.scope === 'workspace') !== args.allPrompts) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(s);
      });
    });
    await vscode.commands.executeCommand(`${outcomesViewId}.focus`);
    const filters: Partial<FilterState> = {
      ...(args.status ? { status: args.status } : {}),
      ...(args.model !== undefined ? { model: args.model } : {}),
      ...(args.text !== undefined ? { text: args.text } : {}),
    };
    // A change of scope goes through the front end (its toggle and saved state), which asks the host to reload.
    await this.postWhenReady({
      type: 'applyFilters', filters, ...(args.mode ? { mode: args.mode } : {}), closeDetail: args.outcomeId === undefined,
      ...(args.allPrompts !== undefined ? { allPrompts: args.allPrompts } : {}),
    });
    if (args.outcomeId !== undefined) await this.postWhenReady({ type: 'reveal', id: args.outcomeId });
    return rendered;
  }

  private async postWhenReady(message: HostToOutcomesMessage): Promise<void> {
    if (this.frontEndReady) await this.post(message);
    else this.pending.push(message);
  }

  private scopePath(): string | undefined {
    return this.allPrompts ? undefined : this.promptPath;
  }

  private scope(): OutcomeScope {
    if (!this.allPrompts && !this.promptPath) return { kind: 'none', reason: 'Open a .prompt file to see its outcomes, or turn on "All prompts".' };
    if (typeof this.current === 'string') return { kind: 'none', reason: this.current };
    if (this.allPrompts || !this.promptPath) return { kind: 'workspace' };
    return { kind: 'prompt', promptPath: this.promptPath, promptLabel: vscode.workspace.asRelativePath(this.promptPath) };
  }

  private inScope(record: RecordSummary, source: OutcomeSource): boolean {
    const path = this.scopePath();
    return this.allPrompts || (path !== undefined && source.toAbsolute(record.promptPath) === path);
  }

  /** Loads the runs of the scope and sends the first page; a newer load supersedes an older one still reading. */
  async reload(): Promise<void> {
    const seq = ++this.loadSeq;
    const resolved = await this.resolveSource();
    if (seq !== this.loadSeq) return;
    this.useSource(resolved);
    const source = this.source();
    const scope = this.scope();
    let runs: readonly RecordSummary[] = [];
    if (source && scope.kind !== 'none') {
      try {
        runs = await source.summaries(this.scopePath());
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        this.log.error(`Outcome panel: could not read the store: ${message}`);
        await this.post({ type: 'notice', level: 'error', text: `Could not read the outcome store: ${message}` });
      }
    }
    if (seq !== this.loadSeq) return;
    this.staleWhileHidden = false;
    this.runs = new Map(runs.map((r) => [r.id, r]));
    const { first, rest } = splitFirstPage(runs);
    this.unsent = rest.length > 0 ? { loadId: seq, runs: rest, next: 0 } : undefined;
    const resolve = this.resolver(source);
    await this.post({ type: 'outcomes', scope, outcomes: first.map((r) => toSummary(r, resolve)), loadId: seq, remaining: rest.length });
  }

  /** The next page of the last load, when the front end asks for it. */
  private async sendMore(loadId: number): Promise<void> {
    const u = this.unsent;
    if (!u || u.loadId !== loadId) return;
    const page = u.runs.slice(u.next, u.next + PAGE_SIZE);
    u.next += page.length;
    if (u.next >= u.runs.length) this.unsent = undefined;
    const resolve = this.resolver(this.source());
    await this.post({ type: 'moreOutcomes', loadId, outcomes: page.map((r) => toSummary(r, resolve)), remaining: u.runs.length - u.next });
  }

  private resolver(source: OutcomeSource | undefined): (p: string) => string {
    return (p) => source?.toAbsolute(p) ?? p;
  }

  private onAppend(records: readonly RunRecord[]): void {
    const source = this.source();
    if (!source || !this.view) return;
    const fresh = records.filter((r) => !this.runs.has(r.id)).map(summarize).filter((r) => this.inScope(r, source));
    if (fresh.length === 0) return;
    for (const r of fresh) this.runs.set(r.id, r);
    const resolve = this.resolver(source);
    void this.post({ type: 'appended', outcomes: fresh.map((r) => toSummary(r, resolve)) });
  }

  private watchStore(): void {
    const source = this.source();
    if (!source) return;
    this.storeDisposables.push(source.onDidAppend((records) => this.onAppend(records)));
    for (const folder of source.watchFolders) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '**/*'));
      const changed = (): void => this.scheduleReload();
      this.storeDisposables.push(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
    }
  }

  /** Another process wrote the store: reload once the burst of writes settles. */
  private scheduleReload(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      if (this.view?.visible) void this.reload();
      else this.staleWhileHidden = true;
    }, 300);
  }

  private async post(message: HostToOutcomesMessage): Promise<void> {
    if (this.view) await this.view.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (!raw || typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string') return;
    const m = raw as OutcomesToHostMessage;
    const source = this.source();
    const resolve = this.resolver(source);
    try {
      switch (m.type) {
        case 'ready': {
          this.allPrompts = m.allPrompts;
          await this.reload();
          this.frontEndReady = true;
          const pending = this.pending;
          this.pending = [];
          for (const p of pending) await this.post(p);
          break;
        }
        case 'setAllPrompts':
          this.allPrompts = m.allPrompts;
          await this.reload();
          break;
        case 'loadMore':
          await this.sendMore(m.loadId);
          break;
        case 'requestDetail': {
          const [record] = this.runs.has(m.id) && source ? await source.recordsById([m.id]) : [];
          await this.post(record
            ? { type: 'detail', detail: toDetail(record, resolve) }
            : { type: 'detailMissing', id: m.id, reason: 'This outcome is no longer in the store (it may have been pruned).' });
          break;
        }
        case 'search': {
          // Only the full outputs answer this, so it is the one list action that reads every full record.
          const records = source && m.text.trim() !== '' ? await source.records(this.scopePath()) : [];
          await this.post({ type: 'searchResult', seq: m.seq, ids: searchOutputs(records.filter((r) => this.runs.has(r.id)), m.text) });
          break;
        }
        case 'rendered':
          this.onRendered(m.snapshot);
          break;
        default: {
          const notice = await this.actions.handle(m);
          if (notice) await this.post({ type: 'notice', ...notice });
        }
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.error(`Outcome panel: ${m.type} failed: ${message}`);
      await this.post({ type: 'notice', level: 'error', text: message });
    }
  }

  private onRendered(s: OutcomePanelSnapshot): void {
    this.lastSnapshot = s;
    if (this.view) {
      this.view.badge = s.failed + s.errored > 0 ? { value: s.failed + s.errored, tooltip: `${s.failed} failed, ${s.errored} errored` } : undefined;
      this.view.description = s.scope === 'none' ? undefined : `${s.passed}/${s.shown} passed`;
    }
    this._onDidRender.fire(s);
  }

  private disposeViewListeners(): void {
    for (const d of this.viewDisposables) d.dispose();
    this.viewDisposables = [];
    this.disposeStoreListeners();
  }

  private disposeStoreListeners(): void {
    for (const d of this.storeDisposables) d.dispose();
    this.storeDisposables = [];
  }

  dispose(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.disposeViewListeners();
    for (const d of this.disposables) d.dispose();
  }
}
