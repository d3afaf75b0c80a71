// PromptOps in a multi-root workspace (its own code-server session: prompts.code-workspace opens alpha/ and beta/).
// Each root has its own promptops.config.yaml, pointing at its own mock LLM server and store folder: diagnostics,
// discovery and runs work in both roots, and every run goes through the config and store of the root that owns it.
import * as assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PromptOpsApi } from '../../../src/extension/api';
import type { RunLogEntry } from '../../../src/extension/testing/runLog';
import type { OutcomePanelSnapshot } from '../../../src/protocol/outcomes';
import { startMockLlm, type MockLlm } from '../../fixtures/mockLlm/server';
import { diagnosticCodes, waitForDiagnostics } from '../helpers/diagnostics';
import { activatePromptOps, waitForActivation } from '../helpers/extension';
import { waitFor } from '../helpers/wait';
import { silentLogger, systemClock } from '../../../src/core/io';
import { openStore } from '../../../src/core/store/store';

function root(name: 'alpha' | 'beta'): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  if (!folder) throw new Error(`no workspace folder named ${name}: the multi-root session opens alpha and beta`);
  return folder.uri;
}

function file(name: 'alpha' | 'beta', rel: string): vscode.Uri {
  return vscode.Uri.joinPath(root(name), rel);
}

async function write(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

async function api(): Promise<PromptOpsApi> {
  return (await activatePromptOps()).exports as PromptOpsApi;
}

async function runTests(a: PromptOpsApi, args: Record<string, unknown>): Promise<RunLogEntry> {
  const before = a.testing.recentRuns().at(-1)?.id ?? 0;
  await vscode.commands.executeCommand('promptops.runTests', args);
  return waitFor(() => a.testing.recentRuns().find((r) => r.id > before && r.ended), 'the test run to end', 30_000);
}

/** Every history record line in a store folder, as one text. */
async function historyText(storeDir: string): Promise<string> {
  const dir = join(storeDir, 'history');
  const names = await readdir(dir).catch(() => [] as string[]);
  return (await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')))).join('\n');
}

describe('multi-root workspace', function () {
  this.timeout(60_000);
  let alphaLlm: MockLlm;
  let betaLlm: MockLlm;

  before(async () => {
    alphaLlm = await startMockLlm();
    betaLlm = await startMockLlm();
    // Same provider name in both roots, different endpoints and stores: only the owning root's config may be used.
    await write(file('alpha', 'promptops.config.yaml'), `providers:\n  mock:\n    type: openai-compatible\n    baseUrl: ${alphaLlm.urlFor('openai-compatible')}\n`);
    await write(file('beta', 'promptops.config.yaml'), `providers:\n  mock:\n    type: openai-compatible\n    baseUrl: ${betaLlm.urlFor('openai-compatible')}\ncache:\n  dir: .beta-store\n`);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await alphaLlm.close();
    await betaLlm.close();
  });

  it('opens both roots and activates by itself for them', async () => {
    assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['alpha', 'beta']);
    assert.ok(vscode.workspace.workspaceFile?.path.endsWith('/prompts.code-workspace'));
    const ext = await waitForActivation();
    assert.ok((ext.exports as PromptOpsApi).testing.controller, 'the extension API is there');
  });

  it('shows diagnostics for the files of each root', async () => {
    await api();
    const summary = await vscode.workspace.openTextDocument(file('alpha', 'summary.prompt'));
    await vscode.window.showTextDocument(summary);
    const broken = await vscode.workspace.openTextDocument(file('beta', 'broken.prompt'));
    await vscode.window.showTextDocument(broken);
    const diagnostics = await waitForDiagnostics(broken.uri, (d) => d.some((x) => x.severity === vscode.DiagnosticSeverity.Error));
    assert.ok(diagnostics.some((d) => /\{\{#if\}\}` is never closed/.test(d.message)), `the unclosed block is named: ${diagnostics.map((d) => d.message).join(' | ')}`);
    assert.ok(diagnosticCodes(diagnostics).every((c) => c !== ''));
    const alphaErrors = vscode.languages.getDiagnostics(summary.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(alphaErrors.map((d) => d.message), [], 'the valid prompt of the other root has no errors');
  });

  it('discovers the prompt files and tests of both roots in the Test Explorer', async () => {
    const a = await api();
    await a.testing.controller.resolveHandler?.(undefined);
    const alpha = await waitFor(() => a.testing.controller.items.get(file('alpha', 'summary.prompt').toString()), 'alpha/summary.prompt', 10_000);
    const beta = await waitFor(() => a.testing.controller.items.get(file('beta', 'reply.prompt').toString()), 'beta/reply.prompt', 10_000);
    await a.testing.controller.resolveHandler?.(alpha);
    await a.testing.controller.resolveHandler?.(beta);
    const names = (item: vscode.TestItem): string[] => {
      const out: string[] = [];
      item.children.forEach((c) => out.push(c.label));
      return out.sort();
    };
    assert.deepEqual(names(alpha), ['alpha answers']);
    assert.deepEqual(names(beta), ['beta answers', 'beta second']);
  });

  it("runs each root's prompts with that root's config and records them in that root's store", async () => {
    const a = await api();
    const alphaUri = file('alpha', 'summary.prompt');
    const betaUri = file('beta', 'reply.prompt');

    const alphaRun = await runTests(a, { uri: alphaUri });
    assert.deepEqual(alphaRun.items.get(`${alphaUri.toString()}::alpha answers`)?.states, ['enqueued', 'started', 'passed']);
    assert.equal(alphaLlm.requests.length, 1, "alpha's run went to alpha's endpoint");
    assert.equal(betaLlm.requests.length, 0, "and not to beta's");

    const betaRun = await runTests(a, { uri: betaUri });
    assert.equal(betaRun.items.get(`${betaUri.toString()}::beta answers`)?.states.at(-1), 'passed');
    assert.equal(betaRun.items.get(`${betaUri.toString()}::beta second`)?.states.at(-1), 'passed');
    assert.equal(betaLlm.requests.length, 2, "beta's run went to beta's endpoint");
    assert.equal(alphaLlm.requests.length, 1);

    const alphaEngine = await a.engineFor(alphaUri);
    const betaEngine = await a.engineFor(betaUri);
    assert.equal(alphaEngine.workspaceRoot, root('alpha').fsPath);
    assert.equal(betaEngine.workspaceRoot, root('beta').fsPath);
    assert.equal(alphaEngine.storeDir, join(root('alpha').fsPath, '.promptops'));
    assert.equal(betaEngine.storeDir, join(root('beta').fsPath, '.beta-store'), "beta's config moves its store");
    const alphaHistory = await historyText(alphaEngine.storeDir);
    const betaHistory = await historyText(betaEngine.storeDir);
    assert.match(alphaHistory, /alpha team/);
    assert.doesNotMatch(alphaHistory, /refunds/);
    assert.match(betaHistory, /refunds/);
    assert.doesNotMatch(betaHistory, /alpha team/);
  });

  it('runs the whole workspace in one request, each root through its own engine', async () => {
    const a = await api();
    alphaLlm.reset();
    betaLlm.reset();
    const run = await runTests(a, { ignoreCache: true });
    assert.equal(run.items.get(`${file('alpha', 'summary.prompt').toString()}::alpha answers`)?.states.at(-1), 'passed');
    assert.equal(run.items.get(`${file('beta', 'reply.prompt').toString()}::beta answers`)?.states.at(-1), 'passed');
    assert.equal(alphaLlm.requests.length, 1);
    assert.equal(betaLlm.requests.length, 2);
  });

  // The panel's tests read their expectations from the stores themselves, so each can run alone (`--grep outcome`).
  describe('outcome panel', () => {
    /** How many runs each prompt's store holds for it. */
    const runsOf = async (uri: vscode.Uri): Promise<number> => {
      const engine = await (await api()).engineFor(uri);
      const store = await openStore({ dir: engine.storeDir, workspaceRoot: engine.workspaceRoot, logger: silentLogger, clock: systemClock });
      return (await store.recordsOf(uri.fsPath)).length;
    };

    before(async () => {
      // At least one run of every test of both roots, whatever ran before.
      const run = await runTests(await api(), {});
      assert.equal(run.items.get(`${file('beta', 'reply.prompt').toString()}::beta second`)?.states.at(-1), 'passed');
    });

    /** The panel's rendered state once it shows `shown` rows and `total` runs in the latest mode; `allPrompts` picks the scope. */
    async function panelShowing(shown: number, total: number, allPrompts: boolean, what: string): Promise<OutcomePanelSnapshot> {
      let last: OutcomePanelSnapshot | undefined;
      // File events reach the extension host late on a loaded machine: the wait is long, and a timeout says what was shown.
      return waitFor(async () => {
        const s = (last = await vscode.commands.executeCommand<OutcomePanelSnapshot | undefined>('promptops.showOutcomes', { mode: 'latest', status: 'all', allPrompts }));
        return s !== undefined && !s.loading && s.shown === shown && s.total === total && s;
      }, `${what} (${shown} rows, ${total} runs)`, 40_000, 200).catch((e: unknown) => {
        throw new Error(`${e instanceof Error ? e.message : String(e)}; last shown: ${JSON.stringify(last && { scope: last.scope, shown: last.shown, total: last.total, loading: last.loading })}`);
      });
    }

    // Each prompt's outcomes come from the store of the root it is in: alpha's `.promptops`, beta's `.beta-store`.
    it('shows the outcomes of a prompt of the first root in the outcome panel', async () => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('alpha', 'summary.prompt')));
      const snapshot = await panelShowing(1, await runsOf(file('alpha', 'summary.prompt')), false, 'the panel to list the test of alpha/summary.prompt');
      assert.equal(snapshot.scope, 'prompt');
      assert.equal(snapshot.passed, 1);
    });

    it('follows the active prompt into the second root and shows its outcomes from its own store', async () => {
      const betaRuns = await runsOf(file('beta', 'reply.prompt'));
      const alphaRuns = await runsOf(file('alpha', 'summary.prompt'));
      assert.ok(betaRuns >= 2 && alphaRuns >= 1);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('beta', 'reply.prompt')));
      const snapshot = await panelShowing(2, betaRuns, false, "the panel to list the two tests of beta/reply.prompt from beta's store");
      assert.equal(snapshot.scope, 'prompt');
      assert.equal(snapshot.passed, 2);
      // And back: alpha's prompt lists alpha's one test again, nothing of beta's.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('alpha', 'summary.prompt')));
      await panelShowing(1, alphaRuns, false, 'the panel to go back to alpha/summary.prompt');
    });

    it('lists the prompts of every root when "all prompts" is on', async () => {
      const total = (await runsOf(file('alpha', 'summary.prompt'))) + (await runsOf(file('beta', 'reply.prompt')));
      const all = await panelShowing(3, total, true, 'the panel to list the tests of both roots');
      assert.equal(all.scope, 'workspace');
      assert.equal(all.passed, 3);
      const back = await panelShowing(1, await runsOf(file('alpha', 'summary.prompt')), false, 'the panel to show the active prompt again');
      assert.equal(back.scope, 'prompt');
    });

    it('picks up a config root created below a folder while "all prompts" is shown, and the runs in its store', async function () {
      this.timeout(180_000);
      const a = await api();
      const total = (await runsOf(file('alpha', 'summary.prompt'))) + (await runsOf(file('beta', 'reply.prompt')));
      await panelShowing(3, total, true, 'the panel to list the tests of both roots');
      const pkg = file('alpha', 'pkg');
      const prompt = vscode.Uri.joinPath(pkg, 'pkg.prompt');
      try {
        await write(vscode.Uri.joinPath(pkg, 'promptops.config.yaml'), `providers:\n  mock:\n    type: openai-compatible\n    baseUrl: ${alphaLlm.urlFor('openai-compatible')}\n`);
        await write(prompt, '---\nmodel: mock/gpt-4o-mini\ntests:\n  - name: pkg answers\n    assert:\n      - type: contains\n        value: Mock answer\n---\nSay pkg.\n');
        // The package is a root of its own once the engine has heard of its config.
        await waitFor(async () => (await a.engineFor(prompt)).workspaceRoot === pkg.fsPath, 'alpha/pkg to become a config root', 30_000);
        const run = await runTests(a, { uri: prompt });
        assert.equal(run.items.get(`${prompt.toString()}::pkg answers`)?.states.at(-1), 'passed');
        // Nothing but the new root tells the panel to look again: no editor change, no write to a store it watches.
        const all = await panelShowing(4, total + 1, true, "the panel to add alpha/pkg's test from its own store");
        assert.equal(all.passed, 4);
      } finally {
        await vscode.workspace.fs.delete(pkg, { recursive: true });
      }
      await panelShowing(3, total, true, 'the panel to drop alpha/pkg once its folder is gone');
    });
  });
});
