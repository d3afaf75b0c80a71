// Wires prompt tests into VS Code: one TestController, a Run profile and a continuous profile, the
// `promptops.runTests` command (CodeLens, outcome panel), run-on-save, the running-count status bar item.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from '../../core/promptFile/parse';
import { partialCandidates } from '../../core/promptFile/references';
import type { EngineHost } from '../engine/engineHost';
import { diskFileSystem } from '../engine/nodeFs';
import { InlineResults } from './inlineResults';
import { RunHandler, type RunFlags } from './runHandler';
import { RunLog } from './runLog';
import { isRunnablePrompt, PromptTestTree } from './testTree';

export const runTestsCommand = 'promptops.runTests';

/** Arguments of `promptops.runTests`; no uri means every prompt of the workspace. */
export interface RunTestsArgs {
  readonly uri?: vscode.Uri | string;
  readonly testName?: string;
  readonly model?: string;
  readonly ignoreCache?: boolean;
  readonly allModels?: boolean;
}

export interface PromptTesting extends vscode.Disposable {
  readonly controller: vscode.TestController;
  readonly inline: InlineResults;
  readonly handler: RunHandler;
  readonly runLog: RunLog;
  readonly runProfile: vscode.TestRunProfile;
}

export function registerPromptTesting(engine: EngineHost, log: vscode.LogOutputChannel): PromptTesting {
  const controller = vscode.tests.createTestController('promptops', 'Prompt tests');
  const tree = new PromptTestTree(controller);
  const inline = new InlineResults();
  const runLog = new RunLog();
  const handler = new RunHandler(controller, tree, engine, inline, log, runLog);
  const disposables: vscode.Disposable[] = [controller, tree, inline, handler, runLog];

  controller.resolveHandler = async (item) => {
    if (!item) return tree.discoverAll();
    const data = tree.data.get(item);
    if (data?.kind === 'file') await tree.resolveFile(item);
    else if (data?.kind === 'test') await tree.resolveRows(item);
  };
  controller.refreshHandler = async () => {
    controller.items.replace([]);
    await tree.discoverAll();
  };

  const watchers = new Set<{ include: readonly vscode.TestItem[] | undefined; token: vscode.CancellationToken }>();
  const runProfile = controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => {
    if (request.continuous) return watchContinuous(request, token);
    return handler.run(request, token);
  }, true, undefined, true);

  // Continuous run: re-run, on save, only the requested tests whose prompt, partials or dataset changed.
  const watchContinuous = (request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> => {
    const w = { include: request.include, token };
    watchers.add(w);
    return new Promise((resolve) => token.onCancellationRequested(() => {
      watchers.delete(w);
      resolve();
    }));
  };

  const runOnSave = async (saved: vscode.TextDocument): Promise<void> => {
    const affected = await affectedPromptFiles(saved.uri, tree, controller);
    if (affected.length === 0) return;
    for (const w of watchers) {
      if (w.token.isCancellationRequested) continue;
      const include = w.include === undefined
        ? affected
        : w.include.filter((i) => affected.some((f) => f.id === i.id || i.id.startsWith(`${f.id}::`)));
      if (include.length > 0) await handler.run(new vscode.TestRunRequest(include, undefined, runProfile, true), w.token);
    }
    if (watchers.size === 0 && vscode.workspace.getConfiguration('promptops', saved.uri).get<boolean>('runOnSave') === true) {
      const cts = new vscode.CancellationTokenSource();
      await handler.run(new vscode.TestRunRequest(affected, undefined, runProfile), cts.token);
      cts.dispose();
    }
  };

  const status = vscode.window.createStatusBarItem('promptops.running', vscode.StatusBarAlignment.Left, 10);
  status.name = 'PromptOps: running tests';
  status.command = { title: 'Cancel', command: 'promptops.cancelTestRuns' };
  disposables.push(
    status,
    runProfile,
    handler.onDidChangeRunning((n) => {
      status.text = `$(sync~spin) PromptOps: ${n} running`;
      status.tooltip = `${n} prompt test case${n === 1 ? '' : 's'} running. Click to cancel.`;
      if (n > 0) status.show();
      else status.hide();
    }),
    vscode.workspace.onDidSaveTextDocument((d) => void runOnSave(d).catch((e: unknown) => log.error(`Run on save failed: ${String(e)}`))),
    vscode.commands.registerCommand(runTestsCommand, (args?: RunTestsArgs) => runFromCommand(args ?? {})),
    vscode.commands.registerCommand('promptops.cancelTestRuns', () => handler.cancelAll()),
  );

  /** Runs with a notification that shows progress and can cancel. */
  const runFromCommand = async (args: RunTestsArgs): Promise<void> => {
    const include = await itemsFor(args);
    if (include !== undefined && include.length === 0) {
      void vscode.window.showWarningMessage('PromptOps: no tests found to run.');
      return;
    }
    const flags: RunFlags = { noCache: args.ignoreCache === true, allModels: args.allModels === true };
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'PromptOps: running prompt tests', cancellable: true },
      async (progress, token) => {
        const sub = handler.onDidChangeRunning((n) => progress.report({ message: `${n} case${n === 1 ? '' : 's'} left` }));
        try {
          await handler.run(new vscode.TestRunRequest(include, undefined, runProfile), token, flags);
        } finally {
          sub.dispose();
        }
      },
    );
  };

  const itemsFor = async (args: RunTestsArgs): Promise<vscode.TestItem[] | undefined> => {
    if (args.uri === undefined) return undefined;
    const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
    const file = tree.fileItem(uri);
    await tree.resolveFile(file);
    if (args.testName === undefined) return [file];
    const test = file.children.get(`${file.id}::${args.testName}`);
    if (!test) return [];
    if (args.model !== undefined) return [test.children.get(`${test.id}::model:${args.model}`) ?? test];
    return [test];
  };

  return {
    controller,
    inline,
    handler,
    runLog,
    runProfile,
    dispose: () => {
      for (const d of disposables) d.dispose();
    },
  };
}

/** Prompt files whose result may change when `saved` changes: itself, or the prompts using it as partial/dataset. */
async function affectedPromptFiles(saved: vscode.Uri, tree: PromptTestTree, controller: vscode.TestController): Promise<vscode.TestItem[]> {
  if (saved.scheme !== 'file') return [];
  if (isRunnablePrompt(saved)) return [tree.fileItem(saved)];
  // Only partials and dataset files can change a prompt's result; anything else is not worth a look.
  if (!/(\.prompt|\.jsonl|\.csv|\.ya?ml|\.json)$/i.test(saved.fsPath)) return [];
  const out: vscode.TestItem[] = [];
  const savedPath = saved.fsPath;
  const files: vscode.TestItem[] = [];
  controller.items.forEach((i) => files.push(i));
  for (const file of files) {
    const uri = file.uri;
    if (!uri) continue;
    const dir = path.dirname(uri.fsPath);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const text = open ? open.getText() : await diskFileSystem.readFile(uri.fsPath).catch(() => undefined);
    if (text === undefined) continue;
    const doc = parse(text);
    const usesPartial = doc.partials.some((p) => partialCandidates(p.value, uri.fsPath).includes(savedPath));
    const usesDataset = doc.tests.some((t) => t.dataset && path.resolve(dir, t.dataset.value) === savedPath);
    if (usesPartial || usesDataset) out.push(file);
  }
  return out;
}
