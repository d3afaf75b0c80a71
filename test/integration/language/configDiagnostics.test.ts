// promptops.config.yaml in the editor: its problems show as you type, at the key or value they name, with the same
// messages a test run and the CLI give; fixing the file clears them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitForDiagnostics } from '../helpers/diagnostics';
import { activatePromptOps } from '../helpers/extension';
import { tempFiles, type TempFiles } from '../helpers/workspace';

const BAD = [
  'defaultModel: openai/gpt-4o-mini',
  'concurrency: -1',
  'providers:',
  '  openai:',
  '    baseUrl: file:///etc/passwd',
  '    timeout: 5',
  '',
].join('\n');

describe('language: promptops.config.yaml problems as you type', () => {
  let temp: TempFiles;
  before(activatePromptOps);
  afterEach(() => temp?.remove());

  it('marks each problem at its key or value, and clears them once the file is fixed', async () => {
    temp = await tempFiles({ 'cfg/promptops.config.yaml': BAD });
    const editor = await temp.open('cfg/promptops.config.yaml');
    const uri = editor.document.uri;
    const found = await waitForDiagnostics(uri, (d) => d.length === 3);
    const shown = found.map((d) => [d.range.start.line, d.range.start.character, editor.document.getText(d.range), d.message, d.severity, d.source]);
    assert.deepEqual(shown, [
      [1, 13, '-1', 'concurrency: Too small: expected number to be >=1', vscode.DiagnosticSeverity.Error, 'PromptOps'],
      [4, 13, 'file', 'providers.openai.baseUrl: must be an http(s) URL', vscode.DiagnosticSeverity.Error, 'PromptOps'],
      [5, 4, 'timeout', shown[2]?.[3], vscode.DiagnosticSeverity.Error, 'PromptOps'],
    ]);
    assert.match(String(shown[2]?.[3]), /^providers\.openai\.timeout: unknown key 'timeout'.*timeoutMs/);

    // An API key written into the file is flagged where it is, and its value is never echoed.
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), 'providers:\n  openai:\n    apiKey: sk-proj-abcdefghijklmnopqrstuvwxyz0123456789\n'));
    const secret = await waitForDiagnostics(uri, (d) => d.length === 1 && d[0].range.start.line === 2);
    assert.doesNotMatch(secret[0].message, /sk-proj-abc/);

    await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), 'defaultModel: openai/gpt-4o-mini\nconcurrency: 4\n'));
    await waitForDiagnostics(uri, (d) => d.length === 0);
  });
});
