// Runs Test Explorer requests through the engine: enqueued → started → passed | failed | errored, streamed output,
// failing assertions as messages at their line (with an expected/actual diff where one exists), cancellation that
// aborts in-flight requests, and run.end() whatever happens.
import * as vscode from 'vscode';
import { loadDataset } from '../../core/promptFile/dataset';
import type { PromptDocument } from '../../core/promptFile/model';
import { combinePlans, planFile } from '../../core/runner/plan';
import { runCases } from '../../core/runner/execute';
import { groupResults } from '../../core/runner/summary';
import type { CaseResult, FilePlan, PlannedCase } from '../../core/runner/types';
import { inertControls } from '../../core/terminalText';
import type { EngineHost, EngineSession } from '../engine/engineHost';
import { diskFileSystem } from '../engine/nodeFs';
import type { InlineResults } from './inlineResults';
import { caseMessages, errorMessage, inlineResultOf } from './messages';
import { RecordedRun, type RunLog } from './runLog';
import type { ItemData, PromptTestTree } from './testTree';

export interface RunFlags {
  readonly noCache?: boolean;
  /** Run each selected test on every model the file and the settings know of. */
  readonly allModels?: boolean;
}

interface FileWork {
  readonly uri: vscode.Uri;
  readonly fileItem: vscode.TestItem;
  /** Undefined: every test of the file. */
  readonly selected: vscode.TestItem[] | undefined;
}

export class RunHandler {
  private running = 0;
  private readonly active = new Set<AbortController>();
  private readonly _onDidChangeRunning = new vscode.EventEmitter<number>();
  readonly onDidChangeRunning = this._onDidChangeRunning.event;

  constructor(
    private readonly controller: vscode.TestController,
    private readonly tree: PromptTestTree,
    private readonly engine: EngineHost,
    private readonly inline: InlineResults,
    private readonly log: vscode.LogOutputChannel,
    private readonly runLog: RunLog,
  ) {}

  get runningCount(): number {
    return this.running;
  }

  /** Cancels every run in progress; in-flight requests are aborted at once. Returns how many runs were cancelled. */
  cancelAll(): number {
    const n = this.active.size;
    for (const a of this.active) a.abort(new Error('cancelled'));
    return n;
  }

  /** Executes one request; resolves when the run has ended. */
  async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, flags: RunFlags = {}): Promise<void> {
    const entry = this.runLog.begin();
    const run = new RecordedRun(this.controller.createTestRun(request, undefined, true), entry);
    const abort = new AbortController();
    this.active.add(abort);
    const sub = token.onCancellationRequested(() => abort.abort(new Error('cancelled')));
    try {
      const work = await this.collect(request);
      for (const [root, files] of groupBy(work, (w) => this.engine.rootOf(w.uri))) {
        if (abort.signal.aborted) break;
        const session = await this.engine.session(files[0].uri).catch((e: unknown) => e as Error);
        if (session instanceof Error) {
          for (const f of files) run.errored(f.fileItem, new vscode.TestMessage(`PromptOps could not start for ${root}: ${session.message}`));
          continue;
        }
        await this.runSession(run, session, files, abort.signal, flags);
      }
    } catch (e) {
      this.log.error(`Test run failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      void vscode.window.showErrorMessage(`PromptOps: the test run failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      sub.dispose();
      this.active.delete(abort);
      run.run.end();
      this.runLog.end(entry);
    }
  }

  private async collect(request: vscode.TestRunRequest): Promise<FileWork[]> {
    if (!request.include) await this.tree.discoverAll();
    const roots = request.include ?? [...iterate(this.controller.items)];
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const byFile = new Map<string, FileWork>();
    for (const item of roots) {
      if (excluded.has(item.id)) continue;
      const data = this.tree.data.get(item);
      if (!data) continue;
      const fileItem = data.kind === 'file' ? item : this.tree.fileItem(data.uri);
      const key = data.uri.toString();
      const w = byFile.get(key) ?? { uri: data.uri, fileItem, selected: [] };
      if (data.kind === 'file') byFile.set(key, { ...w, selected: undefined });
      else {
        w.selected?.push(item);
        byFile.set(key, w);
      }
    }
    return [...byFile.values()];
  }

  private async runSession(run: RecordedRun, session: EngineSession, files: readonly FileWork[], signal: AbortSignal, flags: RunFlags): Promise<void> {
    const plans: FilePlan[] = [];
    const itemOfCase = new Map<number, vscode.TestItem>();
    const pendingByItem = new Map<vscode.TestItem, PlannedCase[]>();
    for (const f of files) {
      const text = await readText(f.uri);
      if (text === undefined) {
        run.errored(f.fileItem, new vscode.TestMessage(`Cannot read ${f.uri.fsPath}.`));
        continue;
      }
      const doc = this.tree.update(f.fileItem, text);
      const plan = await planFile(doc, f.uri.fsPath, {
        ...(session.config.defaultModel !== undefined ? { defaultModel: session.config.defaultModel } : {}),
        ...(flags.allModels ? { models: allModelsOf(doc, session) } : {}),
        loadRows: (p) => loadDataset(p, diskFileSystem),
      });
      for (const p of plan.problems) {
        const item = f.fileItem.children.get(`${f.fileItem.id}::${p.testName}`) ?? f.fileItem;
        const m = new vscode.TestMessage(p.message);
        m.location = new vscode.Location(f.uri, new vscode.Range(p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character));
        run.errored(item, m);
      }
      if (doc.tests.length === 0 && doc.diagnostics.some((d) => d.severity === 'error')) {
        run.errored(f.fileItem, new vscode.TestMessage(`The prompt file has errors; fix them first (see the Problems panel).`));
      }
      const selected = f.selected === undefined ? undefined : f.selected.map((i) => this.tree.data.get(i)).filter((d): d is ItemData => d !== undefined);
      const cases = plan.cases.filter((c) => selected === undefined || selected.some((s) => matches(s, c)));
      plans.push({ ...plan, cases });
    }
    const combined = combinePlans(plans);
    for (const c of combined.cases) {
      const item = this.itemFor(c);
      if (!item) continue;
      itemOfCase.set(c.index, item);
      const list = pendingByItem.get(item) ?? [];
      list.push(c);
      pendingByItem.set(item, list);
    }
    if (combined.cases.length === 0) return;

    const results: CaseResult[] = [];
    const startedAt = new Map<vscode.TestItem, number>();
    const done = new Map<vscode.TestItem, number>();
    const authProblems = new Set<string>();
    this.setRunning(this.running + combined.cases.length);
    try {
      await runCases(combined, session.deps, {
        concurrency: session.config.concurrency,
        providerConcurrency: session.providerConcurrency,
        signal,
        noCache: flags.noCache === true,
        stream: true,
        tool: 'editor',
        allowJavascript: session.trusted,
        ...(session.config.grader !== undefined ? { graderModel: session.config.grader } : {}),
        onEvent: (e) => {
          const item = itemOfCase.get(e.case.index);
          if (!item) return;
          switch (e.type) {
            case 'queued':
              if (!startedAt.has(item)) run.enqueued(item);
              break;
            case 'started':
              if (!startedAt.has(item)) {
                startedAt.set(item, Date.now());
                run.started(item);
              }
              break;
            case 'chunk':
              // The output pane is a terminal: the reply is shown with its escape sequences inert.
              run.appendOutput(inertControls(e.delta).replace(/\n/g, '\r\n'), item);
              break;
            case 'cached':
              run.appendOutput(`[cached] ${e.case.id}\r\n`, item);
              break;
            case 'error':
              if (e.error.kind === 'auth') authProblems.add(e.error.message);
              break;
            case 'finished': {
              results[e.case.index] = e.result;
              this.setRunning(this.running - 1);
              const n = (done.get(item) ?? 0) + 1;
              done.set(item, n);
              const cases = pendingByItem.get(item) ?? [];
              if (n === cases.length) this.judge(run, item, cases, results, Date.now() - (startedAt.get(item) ?? Date.now()));
              break;
            }
          }
        },
      });
    } finally {
      const left = combined.cases.length - [...done.values()].reduce((a, b) => a + b, 0);
      this.setRunning(this.running - left);
    }
    if (authProblems.size > 0) void offerKey([...authProblems][0]);
  }

  private judge(run: RecordedRun, item: vscode.TestItem, cases: readonly PlannedCase[], results: readonly CaseResult[], durationMs: number): void {
    const rs = cases.map((c) => results[c.index]).filter((r): r is CaseResult => r !== undefined);
    const groups = groupResults(cases, results);
    const data = this.tree.data.get(item);
    const multiModel = new Set(cases.map((c) => c.model)).size > 1;
    const messages = cases.flatMap((c) => (results[c.index] ? caseMessages(c, results[c.index], multiModel) : []));
    let status: 'passed' | 'failed' | 'errored' | 'skipped';
    if (rs.some((r) => r.status === 'cancelled')) {
      status = 'skipped';
      run.skipped(item);
    } else if (rs.some((r) => r.status === 'error')) {
      status = 'errored';
      run.errored(item, rs.filter((r) => r.error).map((r) => errorMessage(cases.find((c) => c.index === r.index)!, r)), durationMs);
    } else if (groups.every((g) => g.pass)) {
      status = 'passed';
      run.passed(item, durationMs);
    } else {
      status = 'failed';
      for (const g of groups) {
        if (!g.pass && g.total > 1) messages.unshift(new vscode.TestMessage(`${g.testName}: passed ${g.passes}/${g.total}, needs ${Math.round(g.threshold * 100)}%`));
      }
      run.failed(item, messages.length > 0 ? messages.slice(0, 50) : [new vscode.TestMessage('The test failed.')], durationMs);
    }
    if (data && data.kind !== 'file') {
      const label = data.kind === 'model' ? data.model : data.kind === 'row' ? `row ${data.row + 1}` : undefined;
      this.inline.set(data.uri, item.id, inlineResultOf(status, item.range?.start.line ?? 0, rs, groups, label));
    }
  }

  /** The most specific item that exists for a case: its model or row child, else its test. */
  private itemFor(c: PlannedCase): vscode.TestItem | undefined {
    const file = this.controller.items.get(vscode.Uri.file(c.filePath).toString());
    const test = file?.children.get(`${file.id}::${c.testName}`);
    if (!test) return undefined;
    if (c.model !== undefined) {
      const m = test.children.get(`${test.id}::model:${c.model}`);
      if (m) return m;
    }
    if (c.row !== undefined) {
      const r = test.children.get(`${test.id}::row:${c.row}`);
      if (r) return r;
    }
    return test;
  }

  private setRunning(n: number): void {
    this.running = Math.max(0, n);
    this._onDidChangeRunning.fire(this.running);
  }

  dispose(): void {
    this._onDidChangeRunning.dispose();
  }
}

function matches(s: ItemData, c: PlannedCase): boolean {
  if (s.kind === 'file') return true;
  if (s.testName !== c.testName) return false;
  if (s.kind === 'model') return c.model === s.model;
  if (s.kind === 'row') return c.row === s.row;
  return true;
}

/** Every model this file or the settings mention, for "Run on all models". */
export function allModelsOf(doc: PromptDocument, session: EngineSession): string[] {
  const models = new Set<string>();
  if (doc.model) models.add(doc.model.value);
  for (const t of doc.tests) for (const m of t.models ?? []) models.add(m);
  if (session.config.defaultModel) models.add(session.config.defaultModel);
  for (const m of vscode.workspace.getConfiguration('promptops').get<string[]>('compareModels') ?? []) models.add(m);
  return [...models];
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return diskFileSystem.readFile(uri.fsPath).catch(() => undefined);
}

async function offerKey(message: string): Promise<void> {
  const set = 'Set API Key';
  const answer = await vscode.window.showWarningMessage(`PromptOps: ${message}`, set);
  if (answer === set) await vscode.commands.executeCommand('promptops.setApiKey');
}

function* iterate(items: vscode.TestItemCollection): Generator<vscode.TestItem> {
  const all: vscode.TestItem[] = [];
  items.forEach((i) => all.push(i));
  yield* all;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
}
