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

  it('runs in the workspace extension host on Node with a file system', () => {
    const ext = promptOpsExtension();
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
    assert.equal(ext.extensionUri.scheme, 'file');
  });
});
