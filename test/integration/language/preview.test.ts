import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PromptDocumentCache } from '../../../src/extension/language/documentCache';
import { AUTO_SOURCE, previewSnapshot } from '../../../src/extension/preview/previewPanel';
import { waitForDiagnostics } from '../helpers/diagnostics';
import { activatePromptOps } from '../helpers/extension';
import { waitFor } from '../helpers/wait';
import { tempFiles, type TempFiles } from '../helpers/workspace';

const PROMPT = [
  '---',
  'model: openai/gpt-4o-mini',
  'input:',
  '  schema:',
  '    name: string',
  '  default:',
  '    name: World',
  'tests:',
  '  - name: ada',
  '    vars:',
  '      name: Ada',
  '---',
  '{{role "system"}}',
  'Be brief. {{> tone}}',
  '{{role "user"}}',
  'Hello {{name}}',
  '',
].join('\n');

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('promptops.preview'));
}

describe('language: rendered preview', () => {
  let temp: TempFiles;
  before(async () => {
    await activatePromptOps();
    temp = await tempFiles({ 'p.prompt': PROMPT, '_tone.prompt': 'Stay <b>calm</b>.' });
  });
  after(async () => {
    for (const tab of previewTabs()) await vscode.window.tabGroups.close(tab);
    await temp.remove();
  });

  it('opens a preview panel beside the prompt from the command', async () => {
    await temp.open('p.prompt');
    await vscode.commands.executeCommand('promptops.openPreview');
    const tab = await waitFor(() => previewTabs()[0], 'the preview tab', 10_000);
    assert.equal(tab.label, 'Preview p.prompt');
    assert.notEqual(tab.group.viewColumn, vscode.window.activeTextEditor?.viewColumn);
    // A second call reuses the panel.
    await vscode.commands.executeCommand('promptops.openPreview');
    assert.equal(previewTabs().length, 1);
  });

  it('shows the exact messages with the defaults and with a test\'s vars, partials included, text untouched', async () => {
    const document = await vscode.workspace.openTextDocument(temp.uri('p.prompt'));
    const cache = new PromptDocumentCache();
    try {
      const defaults = await previewSnapshot(cache, document, 'defaults');
      assert.equal(defaults.error, undefined);
      assert.deepEqual(defaults.sources.map((s) => s.id), ['defaults', 'test:0']);
      assert.deepEqual(defaults.messages, [
        // Exactly what Dotprompt renders: the line break after each marker is kept, trailing ones trimmed at the end.
        { role: 'system', parts: [{ kind: 'text', text: '\nBe brief. Stay <b>calm</b>.\n' }] },
        { role: 'user', parts: [{ kind: 'text', text: '\nHello World' }] },
      ]);
      assert.match(defaults.tokens ?? '', /^\d+ tokens$/);
      const test = await previewSnapshot(cache, document, 'test:0');
      assert.equal(test.messages[1]?.parts[0]?.kind === 'text' && test.messages[1].parts[0].text, '\nHello Ada');
    } finally {
      cache.dispose();
    }
  });

  it('explains why a prompt does not render instead of showing stale messages', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'promptops', content: '---\ninput:\n  schema:\n    name: string\n---\nHi {{name}}\n' });
    const cache = new PromptDocumentCache();
    try {
      const s = await previewSnapshot(cache, document, 'defaults');
      assert.deepEqual(s.messages, []);
      assert.match(s.error ?? '', /name/);
      // No test to take vars from: the automatic choice stays on the defaults and says why they do not render.
      const auto = await previewSnapshot(cache, document, AUTO_SOURCE);
      assert.equal(auto.selectedSource, 'defaults');
      assert.match(auto.error ?? '', /'name' is required/);
      assert.doesNotMatch(auto.error ?? '', /choose a test/);
    } finally {
      cache.dispose();
    }
  });

  it('renders a dataset test with its first row, as a run\'s first case, and any other row chosen', async () => {
    const content = '---\ninput:\n  schema:\n    name: string\n    city: string\ntests:\n  - name: rows\n    vars: { city: Base }\n    file: people.csv\n---\nHi {{name}} from {{city}}\n';
    const files = await tempFiles({ 'd.prompt': content, 'people.csv': 'name,city\nAda,London\nBob,Paris\n', 'e.prompt': content.replace('people.csv', 'empty.csv'), 'empty.csv': 'name,city\n' });
    const cache = new PromptDocumentCache();
    try {
      const s = await previewSnapshot(cache, await vscode.workspace.openTextDocument(files.uri('d.prompt')), AUTO_SOURCE);
      assert.equal(s.error, undefined);
      assert.equal(s.selectedSource, 'test:0');
      assert.deepEqual(s.sources.slice(1).map((x) => [x.id, x.label]), [['test:0', 'Test: rows (row 1 of 2 in people.csv)'], ['test:0:row:2', 'Test: rows (row 2 of 2 in people.csv)']]);
      assert.deepEqual(s.messages, [{ role: 'user', parts: [{ kind: 'text', text: 'Hi Ada from London' }] }]);
      const second = await previewSnapshot(cache, await vscode.workspace.openTextDocument(files.uri('d.prompt')), 'test:0:row:2');
      assert.equal(second.selectedSource, 'test:0:row:2');
      assert.deepEqual(second.messages, [{ role: 'user', parts: [{ kind: 'text', text: 'Hi Bob from Paris' }] }]);
      const empty = await previewSnapshot(cache, await vscode.workspace.openTextDocument(files.uri('e.prompt')), 'test:0');
      assert.match(empty.error ?? '', /empty\.csv has no rows/);
    } finally {
      cache.dispose();
      await files.remove();
    }
  });

  it('opens on the first test\'s vars when the defaults leave a required input unset', async () => {
    const content = '---\ninput:\n  schema:\n    name: string\ntests:\n  - name: ada\n    vars: { name: Ada }\n---\nHi {{name}}\n';
    const document = await vscode.workspace.openTextDocument({ language: 'promptops', content });
    const cache = new PromptDocumentCache();
    try {
      const auto = await previewSnapshot(cache, document, AUTO_SOURCE);
      assert.equal(auto.error, undefined);
      assert.equal(auto.selectedSource, 'test:0');
      assert.deepEqual(auto.messages, [{ role: 'user', parts: [{ kind: 'text', text: 'Hi Ada' }] }]);
      // Chosen on purpose, the defaults say where vars that render are.
      const defaults = await previewSnapshot(cache, document, 'defaults');
      assert.match(defaults.error ?? '', /'name' is required.* Or choose a test's vars above\.$/);
      // Defaults that render are kept.
      const withDefault = await vscode.workspace.openTextDocument({ language: 'promptops', content: content.replace('    name: string\n', '    name: string\n  default:\n    name: World\n') });
      assert.equal((await previewSnapshot(cache, withDefault, AUTO_SOURCE)).selectedSource, 'defaults');
    } finally {
      cache.dispose();
    }
  });
});

describe('language: New Prompt File', () => {
  before(activatePromptOps);

  it('scaffolds an untitled prompt with a test that has no problems', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('promptops.newPromptFile');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && uri && editor.document.uri.toString() === uri.toString());
    try {
      assert.equal(editor.document.languageId, 'promptops');
      assert.equal(editor.document.isUntitled, true);
      const text = editor.document.getText();
      assert.match(text, /^---\nmodel: openai\/gpt-4o-mini\n/);
      assert.match(text, /tests:\n {2}- name: answers the question/);
      // The file checks run too; a fresh scaffold must stay clean.
      await new Promise((r) => setTimeout(r, 800));
      assert.deepEqual(await waitForDiagnostics(editor.document.uri, (d) => d.length === 0), []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
