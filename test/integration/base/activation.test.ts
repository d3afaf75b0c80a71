import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, promptOpsExtension, waitForActivation } from '../helpers/extension';

describe('activation', () => {
  it('is installed from the packaged VSIX with its manifest', () => {
    const ext = promptOpsExtension();
    const manifest = ext.packageJSON as { name?: string; publisher?: string; main?: string };
    assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('ships every file its manifest names (icons, grammar, snippets, schemas, walkthrough media)', async () => {
    const ext = promptOpsExtension();
    const named: string[] = [];
    const collect = (v: unknown, key: string): void => {
      if (typeof v === 'string') {
        if (v.startsWith('./') || (key === 'icon' && !v.startsWith('$('))) named.push(v);
      } else if (Array.isArray(v)) v.forEach((x) => collect(x, key));
      else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'scripts' && k !== 'main' && k !== 'bin') collect(x, k);
    };
    collect(ext.packageJSON, '');
    assert.ok(named.includes('./media/prompt-file.svg'), `the .prompt language icon is among them: ${named.join(', ')}`);
    const missing: string[] = [];
    for (const rel of new Set(named)) {
      const found = await vscode.workspace.fs.stat(vscode.Uri.joinPath(ext.extensionUri, rel)).then(() => true, () => false);
      if (!found) missing.push(rel);
    }
    assert.deepEqual(missing, [], 'files the manifest names but the VSIX lacks');
  });

  it('activates by itself in a workspace that contains .prompt files', async () => {
    // No explicit activate(): this fails if the activation events stop matching the workspace.
    const ext = await waitForActivation();
    assert.equal(ext.isActive, true);
  });

  it('runs in a Node extension host with the extension on disk', () => {
    // Running tests and the outcome store need Node and a file system (the manifest's virtualWorkspaces note).
    const ext = promptOpsExtension();
    assert.equal(ext.extensionUri.scheme, 'file');
    assert.equal(typeof process.versions.node, 'string');
    assert.equal(vscode.workspace.workspaceFolders?.[0]?.uri.scheme, 'file');
  });
});
