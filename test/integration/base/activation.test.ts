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
