import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCodes, waitForDiagnostics } from '../helpers/diagnostics';
import { activatePromptOps } from '../helpers/extension';
import { tempFiles, type TempFiles } from '../helpers/workspace';

const PROMPT = '---\ninput:\n  schema:\n    name: string\n---\nHello {{name}} and {{nmae}}\n';

describe('language: diagnostics', () => {
  let temp: TempFiles | undefined;
  before(activatePromptOps);
  afterEach(async () => {
    await temp?.remove();
    temp = undefined;
  });

  it('reports a problem on open with its code, exact range and severity', async () => {
    temp = await tempFiles({ 'a.prompt': PROMPT });
    const { document } = await temp.open('a.prompt');
    const diags = await waitForDiagnostics(document.uri);
    assert.deepEqual(diagnosticCodes(diags), ['PO2002']);
    const d = diags[0];
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [5, 21, 5, 25]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.source, 'promptops');
    assert.match(d.message, /Did you mean 'name'/);
  });

  it('updates as you type, and clears when the problem is fixed', async () => {
    temp = await tempFiles({ 'b.prompt': PROMPT });
    const editor = await temp.open('b.prompt');
    await waitForDiagnostics(editor.document.uri);
    await editor.edit((e) => e.replace(new vscode.Range(5, 21, 5, 25), 'name'));
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 0);
    await editor.edit((e) => e.insert(new vscode.Position(5, 0), '{{#each}}'));
    const after = await waitForDiagnostics(editor.document.uri, (d) => diagnosticCodes(d).includes('PO2001'));
    assert.equal(after.find((d) => d.code === 'PO2001')?.severity, vscode.DiagnosticSeverity.Error);
  });

  it('checks an untitled .prompt editor', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'promptops', content: '{{role "sytem"}}\nHi\n' });
    await vscode.window.showTextDocument(document);
    try {
      const diags = await waitForDiagnostics(document.uri);
      assert.deepEqual(diagnosticCodes(diags), ['PO2005']);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('reports a missing partial and a missing dataset from the file checks, and clears them when the files appear', async () => {
    temp = await tempFiles({ 'c.prompt': '---\ntests:\n  - name: rows\n    file: rows.jsonl\n---\n{{> header}}\nQ\n' });
    const { document } = await temp.open('c.prompt');
    const diags = await waitForDiagnostics(document.uri, (d) => diagnosticCodes(d).includes('PO2010') && diagnosticCodes(d).includes('PO3010'));
    assert.equal(diags.find((d) => d.code === 'PO2010')?.range.start.line, 5);
    await vscode.workspace.fs.writeFile(temp.uri('_header.prompt'), new TextEncoder().encode('Header\n'));
    await vscode.workspace.fs.writeFile(temp.uri('rows.jsonl'), new TextEncoder().encode('{"x": 1}\n'));
    // A save elsewhere re-runs the file checks of open prompts.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(6, 1), '?');
    await vscode.workspace.applyEdit(edit);
    await waitForDiagnostics(document.uri, (d) => !diagnosticCodes(d).includes('PO2010') && !diagnosticCodes(d).includes('PO3010'));
  });

  it('checks a dataset\'s rows as they are now: changed on disk, then edited unsaved in an editor', async () => {
    const prompt = '---\ninput:\n  schema:\n    text: string\ntests:\n  - name: rows\n    file: rows.jsonl\n---\n{{text}}\n';
    temp = await tempFiles({ 'e.prompt': prompt, 'rows.jsonl': '{"text": "a"}\n' });
    const editor = await temp.open('e.prompt');
    const recheck = async (): Promise<void> => {
      // An edit of the prompt runs its file checks again.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(editor.document.uri, new vscode.Position(8, 0), ' ');
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 0);
    await vscode.workspace.fs.writeFile(temp.uri('rows.jsonl'), new TextEncoder().encode('{"text": "a"}\n{"txt": "b"}\n'));
    await recheck();
    const rejected = await waitForDiagnostics(editor.document.uri, (d) => diagnosticCodes(d).includes('PO3012'));
    assert.match(rejected.find((d) => d.code === 'PO3012')?.message ?? '', /^Row 2 of 'rows\.jsonl'/);
    // code-server saves edits after a second by default (VS Code for the web does); this edit must stay unsaved.
    const files = vscode.workspace.getConfiguration('files');
    const autoSave = files.inspect<string>('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const rows = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(temp.uri('rows.jsonl')), { preview: false });
    try {
      await rows.edit((e) => e.replace(new vscode.Range(1, 0, 1, rows.document.lineAt(1).text.length), '{"text": "b"}'));
      assert.ok(rows.document.isDirty, 'the dataset edit is not saved');
      await recheck();
      await waitForDiagnostics(editor.document.uri, (d) => d.length === 0);
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(temp.uri('rows.jsonl'))), '{"text": "a"}\n{"txt": "b"}\n', 'the disk still has the old row');
    } finally {
      await vscode.window.showTextDocument(rows.document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await files.update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    }
  });

  it('drops the diagnostics of a closed document', async () => {
    temp = await tempFiles({ 'd.prompt': PROMPT });
    const { document } = await temp.open('d.prompt');
    await waitForDiagnostics(document.uri);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
    await waitForDiagnostics(document.uri, (d) => d.length === 0);
  });
});
