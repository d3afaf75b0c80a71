// The outcome panel inside a real VS Code: it resolves in the panel area, follows the active prompt, lists what the
// store holds, filters (including text beyond the list's preview, searched by the host), opens a detail, picks up
// runs another writer appends, and re-runs through the test runner's command.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { silentLogger, systemClock } from '../../../src/core/io';
import { defaultStoreDir, openStore, type OutcomeStore } from '../../../src/core/store/store';
import { summarize } from '../../../src/core/store/summary';
import type { RunRecord } from '../../../src/core/store/types';
import { OutcomeActions } from '../../../src/extension/outcomes/actions';
import type { OutcomeSource } from '../../../src/extension/outcomes/source';
import type { OutcomePanelSnapshot } from '../../../src/protocol/outcomes';
import { activatePromptOps } from '../helpers/extension';
import { waitFor } from '../helpers/wait';
import { tempFiles, watchedTempFolder, workspaceRoot, type TempFiles } from '../helpers/workspace';

const promptText = `---
model: openai/gpt-4o-mini
tests:
  - name: refund
    vars: { q: refund }
  - name: greeting
    vars: { q: hi }
  - name: markup
    vars: { q: html }
---
Answer: {{q}}
`;

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
let seq = 0;

function record(storePath: string, over: Partial<RunRecord>): RunRecord {
  seq++;
  return {
    id: `it-${Date.now()}-${seq}`, runId: 'it-run', time: Date.now() - 60_000 + seq, tool: 'cli', promptPath: storePath,
    promptHash: 'b'.repeat(64), snapshot: 'b'.repeat(64), testName: 'refund', caseId: 'refund › openai/gpt-4o-mini', vars: {},
    provider: 'openai', model: 'gpt-4o-mini', endpoint: 'http://127.0.0.1/v1',
    messages: [{ role: 'user', content: [{ text: 'Answer' }] }], output: 'ok', pass: true, score: 1,
    assertions: [{ type: 'contains', pass: true, score: 1, reason: 'contains "ok"', weight: 1, range }],
    latencyMs: 100, costUsd: 0.0001, cached: false, repeatIndex: 0, ...over,
  };
}

async function show(args: Record<string, unknown> = {}): Promise<OutcomePanelSnapshot | undefined> {
  return await vscode.commands.executeCommand<OutcomePanelSnapshot | undefined>('promptops.showOutcomes', args);
}

/** A source that only resolves paths: the action tests read records from the test, not from a store. */
function pathsOnly(): OutcomeSource {
  return { toAbsolute: (p: string) => vscode.Uri.joinPath(workspaceRoot(), ...p.split('/')).fsPath } as Partial<OutcomeSource> as OutcomeSource;
}

/** Re-asks the panel until what it shows satisfies `accept` (the webview loads and searches asynchronously). */
async function showUntil(args: Record<string, unknown>, accept: (s: OutcomePanelSnapshot) => boolean, what: string): Promise<OutcomePanelSnapshot> {
  let last: OutcomePanelSnapshot | undefined;
  try {
    return await waitFor(async () => {
      last = await show(args);
      return last !== undefined && accept(last) && last;
    }, what, 20_000, 200);
  } catch (e) {
    throw new Error(`${(e as Error).message}; the panel last showed ${JSON.stringify(last)}`);
  }
}

describe('outcome panel', function () {
  this.timeout(60_000);
  let files: TempFiles;
  let store: OutcomeStore;
  let records: RunRecord[];

  before(async () => {
    await activatePromptOps();
    files = await tempFiles({ 'panel.prompt': promptText });
    const root = workspaceRoot().fsPath;
    store = await openStore({ dir: defaultStoreDir(root), logger: silentLogger, clock: systemClock, workspaceRoot: root });
    const storePath = store.storePath(files.uri('panel.prompt').fsPath);
    records = [
      record(storePath, { output: 'Refunds take 30 days.', promptHash: 'a'.repeat(64), snapshot: 'a'.repeat(64) }),
      record(storePath, { output: 'Refunds take 14 days.' }),
      record(storePath, {
        testName: 'greeting', caseId: 'greeting › openai/gpt-4o-mini', pass: false, score: 0,
        output: `${'Hello there. '.repeat(30)}bonjour at the very end`,
        assertions: [{ type: 'contains', pass: false, score: 0, reason: 'expected "hi"', weight: 1, range }],
      }),
      record(storePath, { testName: 'markup', caseId: 'markup › openai/gpt-4o-mini', output: '<img src=x onerror=alert(1)></script><script>alert(2)</script>' }),
    ];
    await store.append(records);
    await files.open('panel.prompt');
  });

  after(async () => {
    await store.close();
    await files.remove();
  });

  it('resolves in the panel and lists the latest outcome of each test of the active prompt', async () => {
    const s = await showUntil({ status: 'all', text: '' }, (x) => x.total === records.length, `${records.length} runs in the panel`);
    assert.equal(s.scope, 'prompt');
    assert.equal(s.mode, 'latest');
    assert.equal(s.shown, 3, 'one row per test');
    assert.deepEqual([s.passed, s.failed, s.errored], [2, 1, 0]);
  });

  it('filters by status, by text in the full output, and lists every run in history mode', async () => {
    const failed = await showUntil({ status: 'failed', text: '' }, (x) => x.filters.status === 'failed', 'the failed filter');
    assert.equal(failed.shown, 1);
    assert.equal(failed.failed, 1);
    // "bonjour" is past the list's preview, so only the host's search of full outputs can find it.
    const found = await showUntil({ status: 'all', text: 'bonjour' }, (x) => x.shown === 1, 'the text search to find one outcome');
    assert.equal(found.failed, 1);
    const changed = await showUntil({ status: 'changed', text: '' }, (x) => x.filters.status === 'changed', 'the changed filter');
    assert.equal(changed.shown, 1, 'refund ran on two versions with different outputs');
    const history = await showUntil({ status: 'all', text: '', mode: 'history' }, (x) => x.mode === 'history', 'history mode');
    assert.equal(history.shown, records.length);
    await show({ mode: 'latest' });
  });

  it('opens the detail of one outcome', async () => {
    const target = records[3];
    const s = await showUntil({ status: 'all', text: '', outcomeId: target.id }, (x) => x.detailId === target.id && x.detailLoaded, 'the detail to load');
    assert.equal(s.detailId, target.id);
    const back = await show({ status: 'all' });
    assert.equal(back?.detailId, undefined, 'applying filters returns to the list');
  });

  it('shows a run that another writer appends to the store', async () => {
    const other = await openStore({ dir: defaultStoreDir(workspaceRoot().fsPath), logger: silentLogger, clock: systemClock, workspaceRoot: workspaceRoot().fsPath });
    const extra = record(records[0].promptPath, { testName: 'late', caseId: 'late › openai/gpt-4o-mini', time: Date.now() });
    await other.append(extra);
    await other.close();
    records.push(extra);
    const s = await showUntil({ status: 'all', text: '' }, (x) => x.total === records.length, 'the appended run to show');
    assert.equal(s.shown, 4);
  });

  it('shows a run another writer appends to the store of a new config root, made while the window is open', async () => {
    // The store's folders are made by the extension when the panel opens them (.promptops/ and the folders inside it,
    // at once): the editor's watcher may never watch the inner ones (see watchedTempFolder).
    const temp = await watchedTempFolder();
    try {
      await vscode.workspace.fs.writeFile(temp.uri('promptops.config.yaml'), new TextEncoder().encode('concurrency: 2\n'));
      await vscode.workspace.fs.writeFile(temp.uri('fresh.prompt'), new TextEncoder().encode(promptText));
      await temp.open('fresh.prompt');
      await showUntil({ status: 'all', text: '' }, (x) => x.scope === 'prompt' && x.total === 0, 'the new root\'s empty store');
      const other = await openStore({ dir: join(temp.root.fsPath, '.promptops'), logger: silentLogger, clock: systemClock, workspaceRoot: temp.root.fsPath });
      try {
        await other.append(record(other.storePath(temp.uri('fresh.prompt').fsPath), { testName: 'fresh', caseId: 'fresh › openai/gpt-4o-mini', time: Date.now() }));
      } finally {
        await other.close();
      }
      await showUntil({ status: 'all', text: '' }, (x) => x.total === 1, 'the appended run to show');
    } finally {
      await temp.remove();
      await files.open('panel.prompt');
    }
  });

  it('re-runs a test through the test runner command with the test, the case and the cache choice', async () => {
    const calls: unknown[] = [];
    const fake = vscode.commands.registerCommand('promptops.integration.fakeRunTests', (args: unknown) => calls.push(args));
    try {
      const r = records[2];
      const actions = new OutcomeActions({
        source: pathsOnly,
        log: vscode.window.createOutputChannel('outcomes-it', { log: true }),
        records: (ids) => Promise.resolve(records.filter((x) => ids.includes(x.id))),
        summaries: () => records.map(summarize),
        scopePromptPath: () => files.uri('panel.prompt').fsPath,
        commands: { runTests: 'promptops.integration.fakeRunTests', compareVersions: 'promptops.integration.none' },
      });
      assert.equal(await actions.handle({ type: 'runTests', id: r.id, ignoreCache: true }), undefined);
      assert.equal(calls.length, 1);
      const args = calls[0] as { uri: vscode.Uri; testName: string; caseId: string; ignoreCache: boolean };
      assert.equal(args.testName, 'greeting');
      assert.equal(args.caseId, 'greeting › openai/gpt-4o-mini');
      assert.equal(args.ignoreCache, true);
      assert.equal(args.uri.fsPath, vscode.Uri.joinPath(workspaceRoot(), ...r.promptPath.split('/')).fsPath);
      await actions.handle({ type: 'runTests', ignoreCache: false });
      assert.deepEqual((calls[1] as { uri: vscode.Uri }).uri.fsPath, files.uri('panel.prompt').fsPath);
    } finally {
      fake.dispose();
    }
  });

  it('says what to do when the test runner or the diff view is not available', async () => {
    const actions = new OutcomeActions({
      source: () => undefined,
      log: vscode.window.createOutputChannel('outcomes-it', { log: true }),
      records: (ids) => Promise.resolve(records.filter((x) => ids.includes(x.id))),
      summaries: () => records.map(summarize),
      scopePromptPath: () => undefined,
      commands: { runTests: 'promptops.integration.missing', compareVersions: 'promptops.integration.missing' },
    });
    const run = await actions.handle({ type: 'runTests', id: records[0].id, ignoreCache: false });
    assert.equal(run?.level, 'warning');
    assert.match(run?.text ?? '', /not available.*promptops test/);
    const compare = await actions.handle({ type: 'compareVersions', id: records[0].id });
    assert.match(compare?.text ?? '', /diff view .* not available/);
  });

  it('opens the prompt at the test of an outcome', async () => {
    const actions = new OutcomeActions({
      source: pathsOnly,
      log: vscode.window.createOutputChannel('outcomes-it', { log: true }),
      records: (ids) => Promise.resolve(records.filter((x) => ids.includes(x.id))),
      summaries: () => records.map(summarize),
      scopePromptPath: () => undefined,
    });
    assert.equal(await actions.handle({ type: 'openPrompt', id: records[2].id }), undefined);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor?.document.uri.fsPath.endsWith('panel.prompt'));
    assert.equal(editor?.selection.start.line, 5, 'the cursor is on the name of test "greeting"');
  });
});
