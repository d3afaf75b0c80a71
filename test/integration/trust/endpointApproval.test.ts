// In a trusted workspace, a key goes to an endpoint that the workspace (not the user) defined only after the user
// allows it in a modal prompt, asked once. The prompt is the product's own `showWarningMessage`; the driver reads
// and answers it in the browser (helpers/workbenchUi.ts), and a mock LLM server of this test logs what arrived.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PromptOpsApi } from '../../../src/extension/api';
import type { LoggedItem, RunLogEntry } from '../../../src/extension/testing/runLog';
import { startMockLlm, type MockLlm } from '../../fixtures/mockLlm/server';
import { activatePromptOps } from '../helpers/extension';
import { waitFor } from '../helpers/wait';
import { answerModalDialog, modalDialogText } from '../helpers/workbenchUi';
import { tempFiles, type TempFiles } from '../helpers/workspace';

const keyEnv = 'PROMPTOPS_IT_APPROVAL_KEY';
const key = 'sk-approval-test-0123456789';

function files(provider: string, baseUrl: string): Record<string, string> {
  const test = (name: string, topic: string): string => `  - name: ${name}\n    vars:\n      topic: ${topic}\n    assert:\n      - type: contains\n        value: Mock answer\n`;
  return {
    'promptops.config.yaml': `providers:\n  ${provider}:\n    type: openai-compatible\n    baseUrl: ${baseUrl}\n    apiKeyEnv: ${keyEnv}\n`,
    '.env': `${keyEnv}=${key}\n`,
    'gated.prompt': `---\nmodel: ${provider}/gpt-4o-mini\ninput:\n  schema:\n    topic: string\ntests:\n${test('first', 'tea')}${test('second', 'coffee')}---\nTell me about {{topic}}.\n`,
  };
}

/** Starts `promptops.runTests` for one test; the returned promise resolves with that test's record once the run ends. */
function startRun(a: PromptOpsApi, uri: vscode.Uri, testName: string): Promise<LoggedItem> {
  const before = a.testing.recentRuns().at(-1)?.id ?? 0;
  const command = vscode.commands.executeCommand('promptops.runTests', { uri, testName });
  return (async () => {
    await command;
    const run: RunLogEntry = await waitFor(() => a.testing.recentRuns().find((r) => r.id > before && r.ended), 'the test run to end', 40_000);
    const item = run.items.get(`${uri.toString()}::${testName}`);
    assert.ok(item, `the run reported ${testName}`);
    return item;
  })();
}

/** Makes the engine rebuild its session (any promptops setting change does), so a remembered answer must come from storage. */
async function rebuildEngine(): Promise<void> {
  await vscode.workspace.getConfiguration('promptops').update('concurrency', 3, vscode.ConfigurationTarget.Workspace);
}

describe('workspace-defined endpoint approval (trusted workspace)', function () {
  this.timeout(90_000);
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
    await vscode.workspace.getConfiguration('promptops').update('concurrency', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('asks once before the key goes out: Allow sends it, later runs do not ask again', async () => {
    const a = (await activatePromptOps()).exports as PromptOpsApi;
    assert.equal(vscode.workspace.isTrusted, true);
    const base = mock.urlFor('openai-compatible');
    temp = await tempFiles(files('gated', base));
    const uri = temp.uri('gated.prompt');

    const first = startRun(a, uri, 'first');
    const asked = await answerModalDialog('Allow');
    assert.match(asked, /API key/);
    assert.ok(asked.includes(base), `the prompt names the endpoint: ${asked}`);
    assert.match(asked, /defined by the workspace/);
    assert.ok(!asked.includes(key), 'the prompt never shows the key');
    assert.equal((await first).states.at(-1), 'passed');
    assert.equal(mock.requests.length, 1);
    assert.equal(mock.requests[0].headers['authorization'], `Bearer ${key}`);

    await rebuildEngine();
    // Not answered by anyone: if the prompt came back, this run would wait on it and time out.
    const second = await startRun(a, uri, 'second');
    assert.equal(second.states.at(-1), 'passed');
    assert.equal(mock.requests.length, 2, 'the second run sent its request without asking');
    assert.equal(await modalDialogText(), null, 'no prompt is left open');
  });

  it('sends nothing when the user declines, says why in the result, and does not ask again', async () => {
    const a = (await activatePromptOps()).exports as PromptOpsApi;
    const declined = await startMockLlm();
    try {
      const base = declined.urlFor('openai-compatible');
      temp = await tempFiles(files('refused', base));
      const uri = temp.uri('gated.prompt');

      const first = startRun(a, uri, 'first');
      const asked = await answerModalDialog('Cancel');
      assert.ok(asked.includes(base), asked);
      const item = await first;
      assert.equal(item.states.at(-1), 'errored');
      const message = item.messages.map((m) => m.message).join('\n');
      assert.match(message, new RegExp(`refused to send ${keyEnv} to ${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.ok(!message.includes(key), 'the message never shows the key');
      assert.equal(declined.requests.length, 0, 'no request reached the declined endpoint');

      const second = await startRun(a, uri, 'second');
      assert.equal(second.states.at(-1), 'errored', 'declined for the rest of the session, without a second prompt');
      assert.equal(declined.requests.length, 0);
      assert.equal(await modalDialogText(), null);
    } finally {
      await declined.close();
    }
  });
});
