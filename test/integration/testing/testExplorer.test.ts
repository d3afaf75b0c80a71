// Prompt tests in the real Test Explorer, against the loopback mock LLM: discovery, a passing and a failing run with
// the diff message at the assertion's line, inline results, cache hits on re-run, records on disk, cancellation,
// continuous run on save, a missing key, CodeLens and Run prompt.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { PromptOpsApi } from '../../../src/extension/api';
import type { RunLogEntry } from '../../../src/extension/testing/runLog';
import { startMockLlm, type MockLlm } from '../../fixtures/mockLlm/server';
import { mockLlmUrl } from '../helpers/env';
import { activatePromptOps } from '../helpers/extension';
import { waitFor } from '../helpers/wait';
import { tempFiles, watchedTempFolder, workspaceRoot, type TempFiles } from '../helpers/workspace';

const prompt = `---
model: mock/gpt-4o-mini
input:
  schema:
    topic: string
tests:
  - name: passes
    vars:
      topic: tea
    assert:
      - type: contains
        value: Mock answer
  - name: fails
    vars:
      topic: coffee
    assert:
      - type: icontains
        value: mock
      - type: equals
        value: something else entirely
---
Tell me about {{topic}}.
`;

function config(baseUrl: string): string {
  return `providers:\n  mock:\n    type: openai-compatible\n    baseUrl: ${baseUrl}\n`;
}

async function api(): Promise<PromptOpsApi> {
  return (await activatePromptOps()).exports as PromptOpsApi;
}

/** Runs `promptops.runTests` and returns the run it logged. */
async function runTests(a: PromptOpsApi, args: Record<string, unknown>): Promise<RunLogEntry> {
  const before = a.testing.recentRuns().at(-1)?.id ?? 0;
  await vscode.commands.executeCommand('promptops.runTests', args);
  return waitFor(() => a.testing.recentRuns().find((r) => r.id > before && r.ended), 'the test run to end', 30_000);
}

function states(run: RunLogEntry, id: string): string[] {
  return run.items.get(id)?.states ?? [];
}

describe('Test Explorer', function () {
  this.timeout(60_000);
  let temp: TempFiles | undefined;

  afterEach(async () => {
    // Only this suite's files: closing every editor would stop at a save prompt for another suite's dirty editor.
    await temp?.remove();
    temp = undefined;
  });

  it('discovers prompt files and their tests, and runs them: passed, failed with a diff at the assertion line', async () => {
    const a = await api();
    temp = await tempFiles({ 'promptops.config.yaml': config(`${mockLlmUrl()}/compat/v1`), 'cases.prompt': prompt, '_part.prompt': 'partial' });
    const uri = temp.uri('cases.prompt');
    await a.testing.controller.resolveHandler?.(undefined);
    const file = await waitFor(() => a.testing.controller.items.get(uri.toString()), 'the file item', 10_000);
    assert.equal(a.testing.controller.items.get(temp.uri('_part.prompt').toString()), undefined, 'partials are not test files');
    await a.testing.controller.resolveHandler?.(file);
    const names: string[] = [];
    file.children.forEach((c) => names.push(c.label));
    assert.deepEqual(names.sort(), ['fails', 'passes']);

    const run = await runTests(a, { uri });
    const passId = `${uri.toString()}::passes`;
    const failId = `${uri.toString()}::fails`;
    assert.deepEqual(states(run, passId), ['enqueued', 'started', 'passed']);
    assert.deepEqual(states(run, failId), ['enqueued', 'started', 'failed']);
    const messages = run.items.get(failId)?.messages ?? [];
    const equals = messages.find((m) => m.message.includes('equals'));
    assert.ok(equals, `a message for the equals assertion, got ${JSON.stringify(messages)}`);
    assert.equal(equals.line, 18, 'the message sits on the failing assertion (0-based line 18)');
    assert.equal(equals.expected, 'something else entirely');
    assert.equal(equals.actual, 'Mock answer to: Tell me about coffee.');
    assert.ok(!messages.some((m) => m.message.includes('icontains')), 'passing assertions give no message');
    assert.match(run.items.get(passId)?.output ?? '', /Mock answer to: Tell me about tea\./, 'streamed output reaches the run');

    const inline = a.testing.inlineResults(uri);
    assert.equal(inline?.get(passId)?.status, 'passed');
    assert.equal(inline?.get(failId)?.status, 'failed');
    assert.equal(inline?.get(passId)?.cached, false);
  });

  it('lists the prompt files of a folder moved into the workspace, deep ones and ones written just after, and drops them when it moves out', async () => {
    const a = await api();
    // The folder it moves into is watched; the moved folder's own subfolders never are (see watchedTempFolder): the
    // editor reports the moved folder alone, and nothing about deep/er/ or what is in it.
    temp = await watchedTempFolder();
    await a.testing.controller.resolveHandler?.(undefined);
    const outside = join(dirname(workspaceRoot().fsPath), `moved-prompts-${Date.now()}`);
    mkdirSync(join(outside, 'deep', 'er'), { recursive: true });
    writeFileSync(join(outside, 'top.prompt'), prompt);
    writeFileSync(join(outside, 'deep', 'er', 'deep.prompt'), prompt);
    writeFileSync(join(outside, 'deep', 'er', '_part.prompt'), 'partial');
    const top = temp.uri('pkg/top.prompt').toString();
    const deep = temp.uri('pkg/deep/er/deep.prompt').toString();
    try {
      renameSync(outside, temp.uri('pkg').fsPath);
      await waitFor(() => a.testing.controller.items.get(deep) && a.testing.controller.items.get(top), 'the moved-in prompt files to be listed', 15_000);
      assert.equal(a.testing.controller.items.get(temp.uri('pkg/deep/er/_part.prompt').toString()), undefined, 'partials are not test files');
      // Written after the first look, in a folder the editor does not watch: the second look, a moment later, finds it.
      const late = temp.uri('pkg/deep/er/late.prompt');
      writeFileSync(late.fsPath, prompt);
      await waitFor(() => a.testing.controller.items.get(late.toString()), 'a prompt file written after the first look to be listed', 15_000);
      renameSync(temp.uri('pkg').fsPath, outside);
      await waitFor(() => !a.testing.controller.items.get(deep) && !a.testing.controller.items.get(top) && !a.testing.controller.items.get(late.toString()), 'the moved-out prompt files to be dropped', 15_000);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('lists the prompt files of a folder moved in among many new files, with one search of the workspace', async () => {
    const a = await api();
    temp = await watchedTempFolder();
    await a.testing.controller.resolveHandler?.(undefined);
    const outside = join(dirname(workspaceRoot().fsPath), `moved-prompts-${Date.now()}`);
    mkdirSync(join(outside, 'deep'), { recursive: true });
    writeFileSync(join(outside, 'deep', 'deep.prompt'), prompt);
    const deep = temp.uri('pkg/deep/deep.prompt').toString();
    try {
      // More new entries than are looked at one by one (64), in one burst with the moved folder.
      for (let i = 0; i < 100; i++) writeFileSync(temp.uri(`out-${i}.txt`).fsPath, '');
      renameSync(outside, temp.uri('pkg').fsPath);
      await waitFor(() => a.testing.controller.items.get(deep), 'the moved-in prompt file to be listed', 15_000);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('shows a reply\'s escape sequences inert in the test output, which is a terminal', async () => {
    const a = await api();
    // The mock echoes the prompt, so the reply carries what the vars do: a screen clear, a hyperlink, a carriage return.
    const hostile = prompt.replace('topic: tea', 'topic: "\\e[2J\\e]8;;http://evil.invalid\\a here\\e]8;;\\a\\rFAKE"');
    temp = await tempFiles({ 'promptops.config.yaml': config(`${mockLlmUrl()}/compat/v1`), 'hostile.prompt': hostile });
    const uri = temp.uri('hostile.prompt');
    const run = await runTests(a, { uri });
    const output = run.items.get(`${uri.toString()}::passes`)?.output ?? '';
    assert.match(output, /Mock answer to: Tell me about \\x1b\[2J\\x1b\]8;;http:\/\/evil\.invalid\\x07 here\\x1b\]8;;\\x07FAKE\./, output);
    // eslint-disable-next-line no-control-regex -- no raw control character other than the line breaks may reach it
    assert.doesNotMatch(output.replace(/\r\n/g, ''), /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('hovering a run test shows its output as text in a fence the output cannot close', async () => {
    const a = await api();
    // The mock echoes the prompt, so the output carries a fence and a remote image; as markdown the hover would fetch it.
    const body = 'Say this: ```\n![seen](https://example.invalid/beacon.png) **bold**\n```';
    temp = await tempFiles({ 'promptops.config.yaml': config(`${mockLlmUrl()}/compat/v1`), 'fence.prompt': `---\nmodel: mock/gpt-4o-mini\ntests:\n  - name: echoes\n    assert:\n      - type: contains\n        value: Mock\n---\n${body}\n` });
    const uri = temp.uri('fence.prompt');
    await vscode.window.showTextDocument(uri);
    const run = await runTests(a, { uri });
    assert.deepEqual(states(run, `${uri.toString()}::echoes`), ['enqueued', 'started', 'passed']);
    const hovers = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(3, 6));
      return found.find((h) => h.contents.some((c) => typeof c !== 'string' && 'value' in c && c.value.includes('beacon')));
    }, 'the hover of the run test line');
    const md = hovers.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    const output = /\n(`{4,})text\n([\s\S]*?)\n\1\n/.exec(md);
    assert.ok(output, `the output sits in a fence of four or more backticks: ${md}`);
    assert.match(output[2], /^Mock answer to: Say this: ```\n!\[seen\]\(https:\/\/example\.invalid\/beacon\.png\) \*\*bold\*\*\n```/);
    assert.equal(md.split('beacon.png').length, 2, 'the image link appears once, inside the fence');
  });

  it('serves a re-run from the cache, marks it cached, and records every case in the store on disk', async () => {
    const a = await api();
    temp = await tempFiles({ 'promptops.config.yaml': config(`${mockLlmUrl()}/compat/v1`), 'cached.prompt': prompt.replace('tea', 'green tea') });
    const uri = temp.uri('cached.prompt');
    await runTests(a, { uri });
    const second = await runTests(a, { uri, testName: 'passes' });
    const passId = `${uri.toString()}::passes`;
    assert.deepEqual(states(second, passId), ['enqueued', 'started', 'passed']);
    assert.match(second.items.get(passId)?.output ?? '', /\[cached\]/);
    assert.equal(a.testing.inlineResults(uri)?.get(passId)?.cached, true);
    // No call was made: no latency beside the line (a cached reply's is the first fetch's, which the store leaves out too).
    assert.equal(a.testing.inlineResults(uri)?.get(passId)?.latencyMs, undefined);

    const { storeDir } = await a.engineFor(uri);
    assert.ok(storeDir.startsWith(temp.root.fsPath), `the store lives beside the config that serves the file (${storeDir})`);
    const historyDir = join(storeDir, 'history');
    const files = await readdir(historyDir);
    const text = (await Promise.all(files.map((f) => readFile(join(historyDir, f), 'utf8')))).join('\n');
    assert.match(text, /green tea/);
    assert.ok((text.match(/"tool":"editor"/g) ?? []).length >= 3, 'three case records written by the editor');
  });

  it('cancels a slow run at once and ends every item', async () => {
    const a = await api();
    const slow: MockLlm = await startMockLlm({ latency: 30_000 });
    try {
      temp = await tempFiles({ 'promptops.config.yaml': config(slow.urlFor('openai-compatible')), 'slow.prompt': prompt });
      const uri = temp.uri('slow.prompt');
      const before = a.testing.recentRuns().at(-1)?.id ?? 0;
      const started = Date.now();
      const done = vscode.commands.executeCommand('promptops.runTests', { uri });
      await waitFor(() => slow.requests.length >= 2, 'both requests to reach the slow server', 20_000);
      assert.ok(a.testing.runningCount() >= 2);
      const cancelled = await vscode.commands.executeCommand<number>('promptops.cancelTestRuns');
      assert.equal(cancelled, 1);
      await done;
      const run = await waitFor(() => a.testing.recentRuns().find((r) => r.id > before && r.ended), 'the cancelled run to end', 10_000);
      assert.ok(Date.now() - started < 25_000, 'the run ended before the server would have answered');
      assert.equal(states(run, `${uri.toString()}::passes`).at(-1), 'skipped');
      assert.equal(states(run, `${uri.toString()}::fails`).at(-1), 'skipped');
      assert.equal(a.testing.runningCount(), 0);
    } finally {
      await slow.close();
    }
  });

  it('re-runs on save in a continuous run, only for the changed prompt', async () => {
    const a = await api();
    temp = await tempFiles({ 'promptops.config.yaml': config(`${mockLlmUrl()}/compat/v1`), 'watched.prompt': prompt, 'other.prompt': prompt });
    const uri = temp.uri('watched.prompt');
    const other = temp.uri('other.prompt');
    const file = a.testing.controller.items.get(uri.toString()) ?? (await (async () => {
      await a.testing.controller.resolveHandler?.(undefined);
      return waitFor(() => a.testing.controller.items.get(uri.toString()), 'the file item', 10_000);
    })());
    const otherItem = await waitFor(() => a.testing.controller.items.get(other.toString()), 'the other file item', 10_000);
    const cts = new vscode.CancellationTokenSource();
    const profile = a.testing.runProfile;
    const watching = profile.runHandler(new vscode.TestRunRequest([file, otherItem], undefined, profile, true), cts.token);
    try {
      const before = a.testing.recentRuns().at(-1)?.id ?? 0;
      const { document } = await temp.open('watched.prompt');
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((e) => e.insert(new vscode.Position(document.lineCount - 1, 0), 'Be brief.\n'));
      await document.save();
      const run = await waitFor(() => a.testing.recentRuns().find((r) => r.id > before && r.ended), 'a run triggered by the save', 30_000);
      assert.equal(states(run, `${uri.toString()}::passes`).at(-1), 'passed');
      assert.equal(run.items.has(`${other.toString()}::passes`), false, 'the unchanged prompt did not run');
    } finally {
      cts.cancel();
      await watching;
      cts.dispose();
    }
  });

  it('says which key is missing when a provider needs one', async () => {
    const a = await api();
    temp = await tempFiles({
      'promptops.config.yaml': `providers:\n  keyed:\n    type: openai-compatible\n    baseUrl: ${mockLlmUrl()}/compat/v1\n    apiKeyEnv: PROMPTOPS_IT_MISSING_KEY\n`,
      'keyed.prompt': prompt.replace('mock/gpt-4o-mini', 'keyed/gpt-4o-mini'),
    });
    const uri = temp.uri('keyed.prompt');
    const run = await runTests(a, { uri, testName: 'passes' });
    const item = run.items.get(`${uri.toString()}::passes`);
    assert.equal(item?.states.at(-1), 'errored');
    assert.match(item?.messages[0]?.message ?? '', /PROMPTOPS_IT_MISSING_KEY/);
    assert.match(item?.messages[0]?.message ?? '', /Set API Key/);
  });

  it('offers Compare with HEAD above each test of a file in a git repository', async () => {
    await api();
    temp = await tempFiles({ 'lens.prompt': prompt });
    execFileSync('git', ['init', '--quiet'], { cwd: temp.root.fsPath });
    const { document } = await temp.open('lens.prompt');
    const lenses = await waitFor(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return l.length >= 8 && l;
    }, 'code lenses', 10_000);
    const compare = lenses.filter((l) => l.command?.command === 'promptops.compareWithHead').map((l) => `${l.range.start.line}:${l.command?.title ?? ''}`);
    assert.deepEqual(compare, ['6:Compare with HEAD', '12:Compare with HEAD']);
  });

  it('shows CodeLens above the file and each test, and Run prompt streams the reply into a tab', async () => {
    await api();
    temp = await tempFiles({ 'promptops.config.yaml': config(`${mockLlmUrl()}/compat/v1`), 'lens.prompt': prompt });
    const { document } = await temp.open('lens.prompt');
    const lenses = await waitFor(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return l.length >= 8 && l;
    }, 'code lenses', 10_000);
    const titles = lenses.map((l) => `${l.range.start.line}:${l.command?.title ?? ''}`);
    assert.ok(titles.includes('0:▶ Run all 2 tests'), titles.join(', '));
    assert.ok(titles.includes('0:Run prompt'));
    // The test workspace is no git repository: the compare lens offers the last run's version instead of HEAD.
    assert.ok(titles.includes('6:▶ Run') && titles.includes('6:▶ Run on all models') && titles.includes('6:Compare with last run'), titles.join(', '));
    assert.ok(!titles.some((t) => t.endsWith('Compare with HEAD')), titles.join(', '));
    assert.ok(titles.includes('12:▶ Run'), titles.join(', '));

    const out = await vscode.commands.executeCommand<vscode.Uri>('promptops.runPrompt', document.uri);
    assert.equal(out.scheme, 'promptops-output');
    const shown = await waitFor(async () => {
      const text = (await vscode.workspace.openTextDocument(out)).getText();
      return /Mock answer to: Tell me about tea\./.test(text) && /ms ·/.test(text) && text;
    }, 'the streamed reply', 15_000);
    assert.match(shown, /mock\/gpt-4o-mini · vars of test 'passes'/);

    // A first test with a dataset runs with its first row, as its first case would.
    const withRows = prompt.replace("  - name: passes\n    vars:\n      topic: tea\n", "  - name: passes\n    file: topics.jsonl\n");
    await vscode.workspace.fs.writeFile(temp.uri('rows.prompt'), new TextEncoder().encode(withRows));
    await vscode.workspace.fs.writeFile(temp.uri('topics.jsonl'), new TextEncoder().encode('{"topic":"rooibos"}\n{"topic":"mate"}\n'));
    const rowOut = await vscode.commands.executeCommand<vscode.Uri>('promptops.runPrompt', temp.uri('rows.prompt'));
    const rowShown = await waitFor(async () => {
      const text = (await vscode.workspace.openTextDocument(rowOut)).getText();
      return /ms ·/.test(text) && text;
    }, 'the streamed reply of the dataset test', 15_000);
    assert.match(rowShown, /vars of test 'passes', row 1/);
    assert.match(rowShown, /Mock answer to: Tell me about rooibos\./);
  });

  it('dims inline results when the prompt changes', async () => {
    const a = await api();
    temp = await tempFiles({ 'promptops.config.yaml': config(`${mockLlmUrl()}/compat/v1`), 'dim.prompt': prompt });
    const { document } = await temp.open('dim.prompt');
    await runTests(a, { uri: document.uri, testName: 'passes' });
    assert.equal(a.testing.inlineResultsStale(document.uri), false);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.insert(new vscode.Position(document.lineCount - 1, 0), 'More.\n'));
    assert.equal(a.testing.inlineResultsStale(document.uri), true);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('lists dataset rows under their test and reports each row', async () => {
    const a = await api();
    temp = await tempFiles({
      'promptops.config.yaml': config(`${mockLlmUrl()}/compat/v1`),
      'rows.jsonl': '{"topic":"tea"}\n{"topic":"coffee"}\n',
      'rows.prompt': `---\nmodel: mock/gpt-4o-mini\ninput:\n  schema:\n    topic: string\ntests:\n  - name: each row\n    file: rows.jsonl\n    assert:\n      - type: icontains\n        value: tea\n---\nTell me about {{topic}}.\n`,
    });
    const uri = temp.uri('rows.prompt');
    await a.testing.controller.resolveHandler?.(undefined);
    const file = await waitFor(() => a.testing.controller.items.get(uri.toString()), 'the file item', 10_000);
    await a.testing.controller.resolveHandler?.(file);
    const test = await waitFor(() => file.children.get(`${file.id}::each row`), 'the test item', 10_000);
    await a.testing.controller.resolveHandler?.(test);
    const rows: string[] = [];
    test.children.forEach((r) => rows.push(`${r.label}: ${r.description ?? ''}`));
    assert.deepEqual(rows, ['row 1: topic=tea', 'row 2: topic=coffee']);
    const run = await runTests(a, { uri });
    assert.equal(states(run, `${test.id}::row:0`).at(-1), 'passed');
    assert.equal(states(run, `${test.id}::row:1`).at(-1), 'failed');
    assert.equal(test.children.size, 2, 'a run keeps the resolved rows');
  });

  it('re-runs a prompt in a continuous run when a partial it uses is saved', async () => {
    const a = await api();
    temp = await tempFiles({
      'promptops.config.yaml': config(`${mockLlmUrl()}/compat/v1`),
      'partials/_tone.prompt': 'Be friendly.\n',
      'uses.prompt': prompt.replace('Tell me about {{topic}}.', '{{> tone}}\nTell me about {{topic}}.'),
    });
    const uri = temp.uri('uses.prompt');
    await a.testing.controller.resolveHandler?.(undefined);
    const file = await waitFor(() => a.testing.controller.items.get(uri.toString()), 'the file item', 10_000);
    const cts = new vscode.CancellationTokenSource();
    const profile = a.testing.runProfile;
    const watching = profile.runHandler(new vscode.TestRunRequest([file], undefined, profile, true), cts.token);
    try {
      const before = a.testing.recentRuns().at(-1)?.id ?? 0;
      const { document } = await temp.open('partials/_tone.prompt');
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'Always '));
      await document.save();
      const run = await waitFor(() => a.testing.recentRuns().find((r) => r.id > before && r.ended), 'a run triggered by saving the partial', 30_000);
      assert.equal(states(run, `${uri.toString()}::passes`).at(-1), 'passed');
    } finally {
      cts.cancel();
      await watching;
      cts.dispose();
    }
  });
});
