import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitForActivation } from '../helpers/extension';

describe('activation by a nested config file', () => {
  it('activates by itself in a workspace whose only PromptOps file is a package\'s promptops.config.yaml', async () => {
    // No explicit activate(), and no prompt file to match `workspaceContains:**/*.prompt`: this fails if the config
    // file's activation event stops matching a config below the workspace root.
    assert.deepEqual(await vscode.workspace.findFiles('**/*.prompt'), [], 'the workspace has no prompt file');
    assert.equal((await vscode.workspace.findFiles('**/promptops.config.yaml')).length, 1);
    const ext = await waitForActivation();
    assert.equal(ext.isActive, true);
  });
});
