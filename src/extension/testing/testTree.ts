// The Test Explorer's tree: prompt files of the workspace (watched), their tests, a child per model where a test
// runs on several, and dataset rows under their test. Discovery is lazy: a file is parsed when it is expanded,
// run, or open in an editor.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isAtOrBelowAny } from '../../core/ancestors';
import { datasetPath, loadDataset } from '../../core/promptFile/dataset';
import type { PromptDocument } from '../../core/promptFile/model';
import { parse } from '../../core/promptFile/parse';
import { uniqueTestNames } from '../../core/runner/plan';
import { diskFileSystem } from '../engine/nodeFs';
import { toVsRange } from '../language/documentCache';
import { watchNewFolders } from '../newFolders';

export type ItemData =
  | { readonly kind: 'file'; readonly uri: vscode.Uri }
  | { readonly kind: 'test'; readonly uri: vscode.Uri; readonly testName: string; readonly testIndex: number }
  | { readonly kind: 'model'; readonly uri: vscode.Uri; readonly testName: string; readonly model: string }
  | { readonly kind: 'row'; readonly uri: vscode.Uri; readonly testName: string; readonly row: number };

export const PROMPT_GLOB = '**/*.prompt';
const EXCLUDE_GLOB = '**/{node_modules,.promptops,.git}/**';
/** When a new folder is looked in again, for what was still being written into it. */
const LOOK_AGAIN_MS = 2_000;
/** How long a burst of deletions settles before the items below them are dropped. */
const REMOVED_SETTLE_MS = 100;

/** A runnable prompt file: partials (`_name.prompt`) only make sense inside other prompts. */
export function isRunnablePrompt(uri: vscode.Uri): boolean {
  const name = path.basename(uri.path);
  return uri.scheme === 'file' && name.endsWith('.prompt') && !name.startsWith('_');
}

export class PromptTestTree implements vscode.Disposable {
  readonly data = new WeakMap<vscode.TestItem, ItemData>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Deleted paths whose items are not dropped yet; `removedTimer` drops them once the burst settles. */
  private readonly removedPaths = new Set<string>();
  private removedTimer: ReturnType<typeof setTimeout> | undefined;
  private watching = false;
  private disposed = false;

  constructor(readonly controller: vscode.TestController) {
    // Open editors are discovered at once, so their tests show without expanding anything.
    const onDoc = (d: vscode.TextDocument): void => {
      if (isRunnablePrompt(d.uri)) this.refreshSoon(d.uri, d.getText(), 0);
    };
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument(onDoc),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isRunnablePrompt(e.document.uri)) this.refreshSoon(e.document.uri, e.document.getText(), 300);
      }),
    );
    for (const d of vscode.workspace.textDocuments) onDoc(d);
  }

  /** Finds every prompt file of the workspace and starts watching for more. */
  async discoverAll(): Promise<void> {
    if (!this.watching) {
      this.watching = true;
      const watcher = vscode.workspace.createFileSystemWatcher(PROMPT_GLOB, false, false, true);
      this.disposables.push(
        watcher,
        watcher.onDidCreate((uri) => {
          if (isRunnablePrompt(uri)) this.fileItem(uri);
        }),
        watcher.onDidChange((uri) => {
          const item = this.controller.items.get(uri.toString());
          if (item && !isOpen(uri)) void this.resolveFile(item);
        }),
      );
      // A folder moved, copied or checked out into the workspace is reported alone, and the folders inside it may
      // never be watched (newFolders.ts): its prompt files are looked for on disk, once the burst of events settles
      // and once more a little later, for what was still being written. A folder that goes is reported alone too:
      // the items of its files go with it, as a deleted prompt file's own item does.
      const removed = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
      this.disposables.push(
        watchNewFolders((folders) => void this.lookIn(folders)),
        removed,
        removed.onDidDelete((uri) => this.removedSoon(uri)),
      );
    }
    const uris = await vscode.workspace.findFiles(PROMPT_GLOB, EXCLUDE_GLOB);
    for (const uri of uris) if (isRunnablePrompt(uri)) this.fileItem(uri);
  }

  /** The item of a prompt file, created (unresolved) when it does not exist yet. */
  fileItem(uri: vscode.Uri): vscode.TestItem {
    const id = uri.toString();
    let item = this.controller.items.get(id);
    if (!item) {
      item = this.controller.createTestItem(id, vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1), uri);
      item.canResolveChildren = true;
      this.data.set(item, { kind: 'file', uri });
      this.controller.items.add(item);
    }
    return item;
  }

  /** Parses a file (its open buffer when there is one) and rebuilds its children. */
  async resolveFile(item: vscode.TestItem): Promise<PromptDocument | undefined> {
    const d = this.data.get(item);
    if (!d || d.kind !== 'file') return undefined;
    const open = vscode.workspace.textDocuments.find((t) => t.uri.toString() === d.uri.toString());
    let text: string;
    try {
      text = open ? open.getText() : await diskFileSystem.readFile(d.uri.fsPath);
    } catch (e) {
      item.error = `Cannot read ${d.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`;
      return undefined;
    }
    return this.update(item, text);
  }

  /** Rebuilds the children of a file item from the prompt text. */
  update(item: vscode.TestItem, text: string): PromptDocument {
    const d = this.data.get(item) as Extract<ItemData, { kind: 'file' }>;
    const doc = parse(text);
    const errors = doc.diagnostics.filter((x) => x.severity === 'error');
    item.error = errors.length > 0
      ? new vscode.MarkdownString().appendText(`${errors.length} error${errors.length > 1 ? 's' : ''} in this prompt file. First, line ${errors[0].range.start.line + 1}: ${errors[0].message}`)
      : undefined;
    item.canResolveChildren = false;
    const names = uniqueTestNames(doc.tests);
    const children: vscode.TestItem[] = [];
    doc.tests.forEach((test, testIndex) => {
      const testName = names[testIndex];
      const child = this.reuse(item, `${item.id}::${testName}`, testName, d.uri);
      child.range = toVsRange(test.range);
      child.description = test.models && test.models.length > 1 ? `${test.models.length} models` : test.dataset ? `dataset ${test.dataset.value}` : undefined;
      this.data.set(child, { kind: 'test', uri: d.uri, testName, testIndex });
      const grandchildren: vscode.TestItem[] = [];
      if (test.models && test.models.length > 1) {
        for (const model of new Set(test.models)) {
          const m = this.reuse(child, `${child.id}::model:${model}`, model, d.uri);
          m.range = child.range;
          this.data.set(m, { kind: 'model', uri: d.uri, testName, model });
          grandchildren.push(m);
        }
      }
      // Dataset rows stay as they were resolved (re-read when the test is expanded again); models follow the text.
      const keepRows = test.dataset !== undefined && grandchildren.length === 0 && child.children.size > 0;
      if (!keepRows) {
        child.canResolveChildren = test.dataset !== undefined && grandchildren.length === 0;
        child.children.replace(grandchildren);
      }
      children.push(child);
    });
    item.children.replace(children);
    return doc;
  }

  /** Loads a test's dataset and adds one child per row. */
  async resolveRows(item: vscode.TestItem): Promise<void> {
    const d = this.data.get(item);
    if (!d || d.kind !== 'test') return;
    const file = item.parent;
    const doc = file ? await this.resolveFile(file) : undefined;
    const test = doc?.tests[d.testIndex];
    if (!test?.dataset) return;
    try {
      const rows = await loadDataset(datasetPath(test.dataset.value, d.uri.fsPath), diskFileSystem);
      const fresh = file ? file.children.get(item.id) : undefined;
      const target = fresh ?? item;
      target.children.replace(rows.map((row, i) => {
        const r = this.reuse(target, `${target.id}::row:${i}`, `row ${i + 1}`, d.uri);
        r.description = previewVars(row);
        r.range = target.range;
        this.data.set(r, { kind: 'row', uri: d.uri, testName: d.testName, row: i });
        return r;
      }));
      target.canResolveChildren = false;
    } catch (e) {
      item.error = `Dataset ${test.dataset.value}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  private reuse(parent: vscode.TestItem, id: string, label: string, uri: vscode.Uri): vscode.TestItem {
    const existing = parent.children.get(id);
    if (existing) {
      existing.label = label;
      return existing;
    }
    return this.controller.createTestItem(id, label, uri);
  }

  private refreshSoon(uri: vscode.Uri, text: string, delayMs: number): void {
    const key = uri.toString();
    const t = this.pending.get(key);
    if (t) clearTimeout(t);
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      this.update(this.fileItem(uri), text);
    }, delayMs));
  }

  /** Lists the prompt files below new folders (everywhere for `undefined`), now and again a moment later. */
  private async lookIn(folders: readonly vscode.Uri[] | undefined): Promise<void> {
    await this.discoverBelow(folders);
    if (this.disposed) return;
    const again = setTimeout(() => {
      this.timers.delete(again);
      void this.discoverBelow(folders);
    }, LOOK_AGAIN_MS);
    this.timers.add(again);
  }

  /** Lists the prompt files below `folders`, or in the whole workspace without them. */
  private async discoverBelow(folders: readonly vscode.Uri[] | undefined): Promise<void> {
    const patterns = folders ? folders.map((f) => new vscode.RelativePattern(f, PROMPT_GLOB)) : [PROMPT_GLOB];
    for (const pattern of patterns) {
      if (this.disposed) return;
      const uris = await vscode.workspace.findFiles(pattern, EXCLUDE_GLOB);
      if (this.disposed) return;
      for (const uri of uris) if (isRunnablePrompt(uri)) this.fileItem(uri);
    }
  }

  /**
   * Drops, once a burst of deletions settles, the items of the prompt files at or below the deleted paths: one pass
   * over the items per burst, not one per deleted file (a build deletes thousands).
   */
  private removedSoon(uri: vscode.Uri): void {
    this.removedPaths.add(uri.fsPath);
    if (this.removedTimer) return;
    this.removedTimer = setTimeout(() => {
      this.removedTimer = undefined;
      const gone: string[] = [];
      this.controller.items.forEach((item) => {
        const d = this.data.get(item);
        if (d?.kind === 'file' && isAtOrBelowAny(d.uri.fsPath, this.removedPaths)) gone.push(item.id);
      });
      this.removedPaths.clear();
      for (const id of gone) this.controller.items.delete(id);
    }, REMOVED_SETTLE_MS);
  }

  dispose(): void {
    this.disposed = true;
    if (this.removedTimer) clearTimeout(this.removedTimer);
    for (const t of this.timers) clearTimeout(t);
    for (const t of this.pending.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

function isOpen(uri: vscode.Uri): boolean {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty);
}

function previewVars(row: Readonly<Record<string, unknown>>): string {
  const s = Object.entries(row).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}
