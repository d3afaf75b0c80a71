import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, tempFiles, type TempFiles } from '../helpers/workspace';

describe('promptops language', () => {
  let temp: TempFiles | undefined;
  afterEach(async () => {
    await temp?.remove();
    temp = undefined;
  });

  it('is registered with VS Code', async () => {
    const languages = await vscode.languages.getLanguages();
    assert.ok(languages.includes('promptops'), `promptops missing from ${languages.length} languages`);
  });

  it('is the language of a .prompt file from the workspace', async () => {
    const editor = await openFixture('greeting.prompt');
    assert.equal(editor.document.languageId, 'promptops');
  });

  it('is the language of a new .prompt file, in a nested folder, and not of other files', async () => {
    temp = await tempFiles({ 'nested/deeper/new.prompt': 'Hello {{name}}\n', 'notes.txt': 'Hello {{name}}\n' });
    const prompt = await temp.open('nested/deeper/new.prompt');
    assert.equal(prompt.document.languageId, 'promptops');
    const text = await temp.open('notes.txt');
    assert.equal(text.document.languageId, 'plaintext');
  });
});
