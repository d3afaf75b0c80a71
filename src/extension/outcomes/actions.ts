// The outcome panel's actions that reach outside the view: re-run through the Test Explorer's command, open the
// prompt at a test, compare versions through the diff view's command, copy, export, clear and prune the cache.
import * as vscode from 'vscode';
import type { RecordSummary, RunRecord } from '../../core/store/types';
import type { OutcomesToHostMessage } from '../../protocol/outcomes';
import { toExportCsv, toExportJson } from './exportFormat';
import { toDetail, versionLabel } from './model';
import type { OutcomeSource } from './source';
import { findTestRange } from './testLocation';

export const runTestsCommand = 'promptops.runTests';
export const compareVersionsCommand = 'promptops.compareVersions';

/** Arguments the panel passes to `promptops.runTests`; `uri` absent means every prompt of the workspace. */
export interface RunTestsArgs {
  readonly uri?: vscode.Uri;
  readonly testName?: string;
  readonly caseId?: string;
  readonly ignoreCache: boolean;
}

type VersionRef = { readonly kind: 'workingCopy' } | { readonly kind: 'head' } | { readonly kind: 'snapshot'; readonly hash: string };

/** Arguments the panel passes to `promptops.compareVersions`. */
export interface CompareVersionsArgs {
  readonly uri: vscode.Uri;
  readonly left: VersionRef;
  readonly right: VersionRef;
}

export interface Notice {
  readonly level: 'info' | 'warning' | 'error';
  readonly text: string;
}

export interface ActionDeps {
  readonly source: () => OutcomeSource | undefined;
  readonly log: vscode.LogOutputChannel;
  /** Full records by id, read from the store (ids no longer there are left out). */
  readonly records: (ids: readonly string[]) => Promise<readonly RunRecord[]>;
  /** Every run the view holds, for version choices. */
  readonly summaries: () => Iterable<RecordSummary>;
  readonly scopePromptPath: () => string | undefined;
  /** The commands re-run and compare call; the defaults are the Test Explorer's and the diff view's. */
  readonly commands?: { readonly runTests: string; readonly compareVersions: string };
}

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function commandExists(id: string): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(id);
}

export class OutcomeActions {
  private readonly runTestsId: string;
  private readonly compareId: string;

  constructor(private readonly deps: ActionDeps) {
    this.runTestsId = deps.commands?.runTests ?? runTestsCommand;
    this.compareId = deps.commands?.compareVersions ?? compareVersionsCommand;
  }

  /** Runs one action; a returned notice is shown in the panel. */
  async handle(m: OutcomesToHostMessage): Promise<Notice | undefined> {
    switch (m.type) {
      case 'runTests':
        return this.runTests(m.id, m.ignoreCache);
      case 'openPrompt':
        return this.openPrompt(m.id);
      case 'compareVersions':
        return this.compare(m.id);
      case 'copyOutput': {
        const r = await this.need(m.id);
        await vscode.env.clipboard.writeText(r.output);
        return { level: 'info', text: `Copied the output of "${r.testName}" (${r.output.length} characters).` };
      }
      case 'export':
        return this.export(m.format, m.ids);
      case 'clearCache':
        return this.clearCache();
      case 'pruneCache':
        return this.pruneCache();
      default:
        return undefined;
    }
  }

  private async need(id: string): Promise<RunRecord> {
    const [r] = await this.deps.records([id]);
    if (!r) throw new Error('This outcome is no longer in the store; the list will refresh.');
    return r;
  }

  private absolute(r: RunRecord): string {
    return this.deps.source()?.toAbsolute(r.promptPath) ?? r.promptPath;
  }

  private async runTests(id: string | undefined, ignoreCache: boolean): Promise<Notice | undefined> {
    if (!(await commandExists(this.runTestsId))) {
      return { level: 'warning', text: `Re-running needs the PromptOps test runner (command ${this.runTestsId}), which is not available. Run \`promptops test${ignoreCache ? ' --no-cache' : ''}\` in a terminal instead; its results appear here.` };
    }
    let args: RunTestsArgs;
    if (id !== undefined) {
      const r = await this.need(id);
      args = { uri: vscode.Uri.file(this.absolute(r)), testName: r.testName, caseId: r.caseId, ignoreCache };
    } else {
      const path = this.deps.scopePromptPath();
      args = { ...(path ? { uri: vscode.Uri.file(path) } : {}), ignoreCache };
    }
    await vscode.commands.executeCommand(this.runTestsId, args);
    return undefined;
  }

  private async openPrompt(id: string): Promise<Notice | undefined> {
    const r = await this.need(id);
    const uri = vscode.Uri.file(this.absolute(r));
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(uri);
    } catch {
      return { level: 'error', text: `The prompt file ${r.promptPath} no longer exists.` };
    }
    const range = findTestRange(doc.getText(), r.testName);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    if (!range) return { level: 'warning', text: `Test "${r.testName}" is no longer in ${r.promptPath}.` };
    const target = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    editor.selection = new vscode.Selection(target.start, target.end);
    editor.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return undefined;
  }

  private async compare(id: string): Promise<Notice | undefined> {
    const r = await this.need(id);
    if (!(await commandExists(this.compareId))) {
      return { level: 'warning', text: `Comparing versions needs the PromptOps diff view (command ${this.compareId}), which is not available.` };
    }
    type Pick = vscode.QuickPickItem & { ref: VersionRef };
    const others = new Map<string, { label: string; time: number }>();
    for (const o of this.deps.summaries()) {
      if (o.promptPath !== r.promptPath || o.promptHash === r.promptHash) continue;
      const seen = others.get(o.promptHash);
      if (!seen || seen.time < o.time) others.set(o.promptHash, { label: versionLabel(o), time: o.time });
    }
    const items: Pick[] = [
      { label: 'Working copy', description: 'the file on disk', ref: { kind: 'workingCopy' } },
      { label: 'HEAD', description: 'the last commit', ref: { kind: 'head' } },
      ...[...others.entries()]
        .sort((a, b) => b[1].time - a[1].time)
        .map(([hash, v]): Pick => ({ label: v.label, description: `last run ${new Date(v.time).toLocaleString()}`, ref: { kind: 'snapshot', hash } })),
    ];
    const pick = await vscode.window.showQuickPick(items, { title: `Compare ${versionLabel(r)} with…`, placeHolder: 'Choose the other version' });
    if (!pick) return undefined;
    const args: CompareVersionsArgs = { uri: vscode.Uri.file(this.absolute(r)), left: { kind: 'snapshot', hash: r.promptHash }, right: pick.ref };
    await vscode.commands.executeCommand(this.compareId, args);
    return undefined;
  }

  private async export(format: 'json' | 'csv', ids: readonly string[]): Promise<Notice | undefined> {
    const source = this.deps.source();
    const resolve = (p: string): string => source?.toAbsolute(p) ?? p;
    const details = (await this.deps.records(ids)).map((r) => toDetail(r, resolve));
    if (details.length === 0) return { level: 'info', text: 'Nothing to export: no outcome is shown.' };
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `promptops-outcomes-${new Date().toISOString().slice(0, 10)}.${format}`;
    const target = await vscode.window.showSaveDialog({
      title: `Export ${details.length} outcomes as ${format.toUpperCase()}`,
      filters: format === 'json' ? { JSON: ['json'] } : { CSV: ['csv'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!target) return undefined;
    const text = format === 'json' ? toExportJson(details) : toExportCsv(details);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    return { level: 'info', text: `Exported ${details.length} outcomes to ${vscode.workspace.asRelativePath(target)}.` };
  }

  private async clearCache(): Promise<Notice | undefined> {
    const source = this.deps.source();
    if (!source) return { level: 'warning', text: 'No store: open a folder first.' };
    const stats = await source.cacheStats();
    if (stats.entries === 0) return { level: 'info', text: 'The response cache is already empty.' };
    const ok = await vscode.window.showWarningMessage(
      `Clear the response cache? This deletes ${stats.entries} cached replies (${megabytes(stats.bytes)}); the next runs call the providers again. Run history is kept.`,
      { modal: true },
      'Clear Cache',
    );
    if (ok !== 'Clear Cache') return undefined;
    const result = await source.clearCache();
    this.deps.log.info(`Outcome panel: cleared the cache (${result.removed} entries, ${megabytes(result.freedBytes)})`);
    return { level: 'info', text: `Cleared ${result.removed} cached replies, freed ${megabytes(result.freedBytes)}.` };
  }

  private async pruneCache(): Promise<Notice | undefined> {
    const source = this.deps.source();
    if (!source) return { level: 'warning', text: 'No store: open a folder first.' };
    const stats = await source.cacheStats();
    const expired = stats.ttlMs > 0 && Number.isFinite(stats.ttlMs) ? `expired (older than ${Math.round(stats.ttlMs / 86_400_000)} days) and damaged` : 'damaged';
    const ok = await vscode.window.showWarningMessage(
      `Prune the response cache? It holds ${stats.entries} replies (${megabytes(stats.bytes)} of a ${megabytes(stats.maxBytes)} cap). Pruning removes ${expired} entries, then the least recently used ones until it fits the cap.`,
      { modal: true },
      'Prune Cache',
    );
    if (ok !== 'Prune Cache') return undefined;
    const result = await source.pruneCache();
    return { level: 'info', text: `Pruned ${result.removed} cached replies, freed ${megabytes(result.freedBytes)}.` };
  }
}
