// PromptOps in a workspace whose trust was withheld (its own code-server session: Restricted Mode, nobody clicks
// "Trust"). The manifest declares `untrustedWorkspaces: limited`: the extension activates and edits as usual, but a
// `javascript` assertion does not run and no request goes to an endpoint the workspace defined; both are said in
// the result. An endpoint from the user's own settings still works.
import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { PromptOpsApi } from '../../../src/extension/api';
import type { LoggedItem, RunLogEntry } from '../../../src/extension/testing/runLog';
import { startMockLlm, type MockLlm } from '../../fixtures/mockLlm/server';
import { diagnosticCodes, waitForDiagnostics } from '../helpers/diagnostics';
import { activatePromptOps, promptOpsExtension, waitForActivation } from '../helpers/extension';
import { waitFor } from '../helpers/wait';
import { openFixture, tempFiles, workspaceRoot, type TempFiles } from '../helpers/workspace';

function prompt(model: string, assertions: string): string {
  return `---\nmodel: ${model}\ntests:\n  - name: checked\n    assert:\n${assertions}---\nSay hello.\n`;
}

// Explicit activation (allowed in Restricted Mode for `limited` support): only the activation test depends on VS
// Code's own workspaceContains search, which can time out on a loaded machine.
async function api(): Promise<PromptOpsApi> {
  return (await activatePromptOps()).exports as PromptOpsApi;
}

/** Runs every test of `uri` through `promptops.runTests` and returns what the run did to the test `checked`. */
async function runChecked(a: PromptOpsApi, uri: vscode.Uri): Promise<LoggedItem> {
  const before = a.testing.recentRuns().at(-1)?.id ?? 0;
  await vscode.commands.executeCommand('promptops.runTests', { uri });
  const run: RunLogEntry = await waitFor(() => a.testing.recentRuns().find((r) => r.id > before && r.ended), 'the test run to end', 30_000);
  const item = run.items.get(`${uri.toString()}::checked`);
  assert.ok(item, `the run reported the test; it reported ${[...run.items.keys()].join(', ') || 'nothing'}`);
  return item;
}

function messages(item: LoggedItem): string {
  return item.messages.map((m) => m.message).join('\n');
}

describe('untrusted workspace', function () {
  this.timeout(60_000);
  let temp: TempFiles | undefined;
  let mock: MockLlm;

  before(async () => {
    mock = await startMockLlm();
  });
  after(async () => {
    await mock.close();
  });
  afterEach(async () => {
    await temp?.remove();
    temp = undefined;
    mock.reset();
    const settings = vscode.workspace.getConfiguration('promptops');
    await settings.update('providers', undefined, vscode.ConfigurationTarget.Global);
    await settings.update('providers', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('activates by itself and keeps its language features (capabilities.untrustedWorkspaces: limited)', async () => {
    const ext = await waitForActivation();
    const manifest = promptOpsExtension().packageJSON as { capabilities?: { untrustedWorkspaces?: { supported?: unknown } } };
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
    assert.equal(ext.isActive, true);

    const broken = await openFixture('broken.prompt');
    const diagnostics = await waitForDiagnostics(broken.document.uri);
    assert.ok(diagnosticCodes(diagnostics).some((c) => c !== ''), 'diagnostics carry codes');

    const { document } = await openFixture('greeting.prompt');
    const symbols = await waitFor(async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
      return s && s.length > 0 && s;
    }, 'document symbols', 10_000);
    assert.ok(symbols.length > 0);
    const line = document.getText().split('\n').findIndex((l) => l.includes('{{'));
    assert.ok(line >= 0, 'greeting.prompt uses a variable');
    const col = document.lineAt(line).text.indexOf('{{') + 2;
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(line, col));
    assert.ok(completions.items.length > 0, 'completion offers items inside {{ }}');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('runs in Restricted Mode: the workspace is not trusted and the engine knows it', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const a = await api();
    const info = await a.engineFor(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'greeting.prompt'));
    assert.equal(info.trusted, false);
  });

  it('keeps the outcome store inside the workspace when the workspace\'s config or settings put it outside', async () => {
    const a = await api();
    const outsideDir = join(dirname(workspaceRoot().fsPath), `outside-store-${Date.now()}`);
    temp = await tempFiles({ 'promptops.config.yaml': `cache:\n  dir: ${outsideDir}\n`, 'hello.prompt': prompt('echo', '      - type: contains\n        value: hello\n') });
    const uri = temp.uri('hello.prompt');
    try {
      assert.equal((await a.engineFor(uri)).storeDir, join(temp.root.fsPath, '.promptops'), 'the config file\'s folder outside is not used');
      await runChecked(a, uri);
      assert.ok(existsSync(join(temp.root.fsPath, '.promptops', 'history')), 'the run is recorded in the workspace');
      assert.equal(existsSync(outsideDir), false, 'nothing is written outside the workspace');

      // Workspace settings, with no cache.dir in the config file.
      await vscode.workspace.fs.writeFile(temp.uri('promptops.config.yaml'), new TextEncoder().encode('concurrency: 2\n'));
      await vscode.workspace.getConfiguration('promptops').update('cache.dir', outsideDir, vscode.ConfigurationTarget.Workspace);
      await waitFor(async () => (await a.engineFor(uri)).storeDir === join(temp!.root.fsPath, '.promptops'), 'the workspace setting to be refused as well');
      await runChecked(a, uri);
      assert.equal(existsSync(outsideDir), false, 'nothing is written outside the workspace');

      // The user's own setting is the user's choice: it is used.
      await vscode.workspace.getConfiguration('promptops').update('cache.dir', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.getConfiguration('promptops').update('cache.dir', outsideDir, vscode.ConfigurationTarget.Global);
      await waitFor(async () => (await a.engineFor(uri)).storeDir === outsideDir, 'the user setting to be used');
    } finally {
      const settings = vscode.workspace.getConfiguration('promptops');
      await settings.update('cache.dir', undefined, vscode.ConfigurationTarget.Workspace);
      await settings.update('cache.dir', undefined, vscode.ConfigurationTarget.Global);
      rmSync(outsideDir, { recursive: true, force: true });
    }
  });

  it('does not run a javascript assertion and says so in the result, while the rest of the test runs', async () => {
    const a = await api();
    // The user's own settings define this endpoint, so it is allowed here: the assertion is what is held back.
    await vscode.workspace.getConfiguration('promptops').update('providers', { usermock: { type: 'openai-compatible', baseUrl: mock.urlFor('openai-compatible') } }, vscode.ConfigurationTarget.Global);
    temp = await tempFiles({
      'js.prompt': prompt('usermock/gpt-4o-mini', '      - type: contains\n        value: Mock answer\n      - type: javascript\n        value: output.length > 0\n'),
    });
    const item = await runChecked(a, temp.uri('js.prompt'));
    assert.equal(mock.requests.length, 1, 'the request to the user-defined endpoint went out');
    assert.notEqual(item.states.at(-1), 'passed', 'a javascript assertion that did not run never counts as a pass');
    assert.notEqual(item.states.at(-1), 'skipped', 'nor is it silently skipped');
    assert.match(messages(item), /javascript/);
    assert.match(messages(item), /not run: javascript assertions execute code from the workspace, so they run only in a trusted VS Code workspace/);
  });

  it('sends no request to a keyless endpoint from promptops.config.yaml, and says why', async () => {
    const a = await api();
    temp = await tempFiles({
      'promptops.config.yaml': `providers:\n  local:\n    type: openai-compatible\n    baseUrl: ${mock.urlFor('openai-compatible')}\n`,
      'local.prompt': prompt('local/gpt-4o-mini', '      - type: contains\n        value: Mock answer\n'),
    });
    const item = await runChecked(a, temp.uri('local.prompt'));
    assert.equal(mock.requests.length, 0, `no request reached the workspace's endpoint; it got ${mock.requests.map((r) => r.path).join(', ')}`);
    assert.equal(item.states.at(-1), 'errored');
    assert.match(messages(item), /not trusted/);
    assert.match(messages(item), /promptops\.config\.yaml/);
  });

  it('sends no key and no request to a keyed endpoint from promptops.config.yaml, and says why', async () => {
    const a = await api();
    temp = await tempFiles({
      'promptops.config.yaml': `providers:\n  keyed:\n    type: openai-compatible\n    baseUrl: ${mock.urlFor('openai-compatible')}\n    apiKeyEnv: PROMPTOPS_IT_UNTRUSTED_KEY\n`,
      '.env': 'PROMPTOPS_IT_UNTRUSTED_KEY=sk-untrusted-test-key\n',
      'keyed.prompt': prompt('keyed/gpt-4o-mini', '      - type: contains\n        value: Mock answer\n'),
    });
    const item = await runChecked(a, temp.uri('keyed.prompt'));
    assert.equal(mock.requests.length, 0, 'no request reached the workspace-defined endpoint');
    assert.equal(item.states.at(-1), 'errored');
    assert.match(messages(item), /not trusted/);
    assert.doesNotMatch(messages(item), /sk-untrusted-test-key/, 'the key itself is never shown');
  });

  it('sends no request to an endpoint from workspace settings, and says why', async () => {
    const a = await api();
    await vscode.workspace.getConfiguration('promptops').update('providers', { wsmock: { type: 'openai-compatible', baseUrl: mock.urlFor('openai-compatible') } }, vscode.ConfigurationTarget.Workspace);
    temp = await tempFiles({ 'ws.prompt': prompt('wsmock/gpt-4o-mini', '      - type: contains\n        value: Mock answer\n') });
    const item = await runChecked(a, temp.uri('ws.prompt'));
    assert.equal(mock.requests.length, 0, 'no request reached the endpoint from workspace settings');
    assert.equal(item.states.at(-1), 'errored');
    assert.match(messages(item), /not trusted/);
    assert.match(messages(item), /Workspace settings/);
  });
});
