// CodeLens above the file (`Run all N tests`, `Run prompt`) and above each test (`▶ Run`, `▶ Run on all models`,
// `Compare with HEAD`, or `Compare with last run` outside git).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hasGitAbove } from '../../core/runner/gitScope';
import { uniqueTestNames } from '../../core/runner/plan';
import { diskFileSystem } from '../engine/nodeFs';
import { PROMPT_SELECTOR, type PromptDocumentCache } from '../language/documentCache';
import { runTestsCommand } from './register';

export const runPromptCommand = 'promptops.runPrompt';
export const compareWithHeadCommand = 'promptops.compareWithHead';

// Outside git the same command compares with the version the tests last ran (a run snapshot), so the lens says that.
// Answers are kept a little while: lenses are asked for on every edit, and `git init` is rare.
const GIT_CHECK_MS = 10_000;
const gitChecks = new Map<string, { readonly inGit: Promise<boolean>; readonly at: number }>();

function inGitRepo(dir: string): Promise<boolean> {
  const now = Date.now();
  const known = gitChecks.get(dir);
  if (known && now - known.at < GIT_CHECK_MS) return known.inGit;
  const inGit = hasGitAbove(diskFileSystem, dir);
  if (gitChecks.size > 500) gitChecks.clear();
  gitChecks.set(dir, { inGit, at: now });
  return inGit;
}

function compareLens(line: vscode.Range, uri: vscode.Uri, inGit: boolean): vscode.CodeLens {
  return inGit
    ? new vscode.CodeLens(line, { title: 'Compare with HEAD', command: compareWithHeadCommand, arguments: [uri] })
    : new vscode.CodeLens(line, { title: 'Compare with last run', command: compareWithHeadCommand, arguments: [uri], tooltip: 'Not in a git repository: compare the working copy with the version its tests last ran' });
}

class PromptCodeLensProvider implements vscode.CodeLensProvider {
  private readonly _onDidChangeCodeLenses = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this._onDidChangeCodeLenses.event;

  constructor(private readonly docs: PromptDocumentCache) {}

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration('promptops', document.uri).get<boolean>('codeLens', true)) return [];
    const doc = this.docs.get(document);
    const lenses: vscode.CodeLens[] = [];
    const top = new vscode.Range(0, 0, 0, 0);
    const runnable = document.uri.scheme === 'file';
    const n = doc.tests.length;
    if (runnable && n > 0) {
      lenses.push(new vscode.CodeLens(top, { title: `▶ Run all ${n} test${n === 1 ? '' : 's'}`, command: runTestsCommand, arguments: [{ uri: document.uri }] }));
    }
    lenses.push(new vscode.CodeLens(top, { title: 'Run prompt', command: runPromptCommand, arguments: [document.uri], tooltip: 'Render with the default vars and stream the output into a new tab' }));
    if (!runnable || doc.tests.length === 0) return lenses;
    const inGit = await inGitRepo(path.dirname(document.uri.fsPath));
    const names = uniqueTestNames(doc.tests);
    doc.tests.forEach((test, i) => {
      const line = new vscode.Range(test.range.start.line, 0, test.range.start.line, 0);
      const testName = names[i];
      lenses.push(
        new vscode.CodeLens(line, { title: '▶ Run', command: runTestsCommand, arguments: [{ uri: document.uri, testName }] }),
        new vscode.CodeLens(line, { title: '▶ Run on all models', command: runTestsCommand, arguments: [{ uri: document.uri, testName, allModels: true }] }),
        compareLens(line, document.uri, inGit),
      );
    });
    return lenses;
  }

  refresh(): void {
    this._onDidChangeCodeLenses.fire();
  }

  dispose(): void {
    this._onDidChangeCodeLenses.dispose();
  }
}

export function registerPromptCodeLens(docs: PromptDocumentCache): vscode.Disposable {
  const provider = new PromptCodeLensProvider(docs);
  return vscode.Disposable.from(
    provider,
    vscode.languages.registerCodeLensProvider(PROMPT_SELECTOR, provider),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('promptops.codeLens')) provider.refresh();
    }),
  );
}
