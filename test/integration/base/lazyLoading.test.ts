// The extension loads in two steps (docs/architecture.md): activate() runs only dist/extension.js, and the features
// bundle is loaded on first use. These tests fail if activation starts loading the features again, or if a stub that
// stands in for a feature until then stops working.
import * as assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PromptOpsApi } from '../../../src/extension/api';
import { waitForDiagnostics } from '../helpers/diagnostics';
import { promptOpsExtension, waitForActivation } from '../helpers/extension';
import { closeAllEditors, openFixture, workspaceUri } from '../helpers/workspace';

async function api(): Promise<PromptOpsApi> {
  return (await waitForActivation()).exports as PromptOpsApi;
}

describe('lazy loading', () => {
  after(closeAllEditors);

  it('activate() loads the activation bundle and no feature', async () => {
    const a = await api();
    // Taken when activate() returned; whatever other tests loaded since does not change it.
    assert.deepEqual(a.loading.bundlesAtActivation, ['extension.js']);
  });

  it('the activation bundle holds no feature code', () => {
    // An eager import of a feature would be bundled into extension.js itself and grow it by hundreds of KiB.
    const size = statSync(join(promptOpsExtension().extensionPath, 'dist', 'extension.js')).size;
    assert.ok(size < 16 * 1024, `dist/extension.js is ${size} bytes`);
  });

  it('registers every contributed command at activation, before the features load', async () => {
    const manifest = promptOpsExtension().packageJSON as { contributes: { commands: { command: string }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });

  it('a .prompt document brings the features in, with its diagnostics', async () => {
    const a = await api();
    const { document } = await openFixture('broken.prompt');
    await waitForDiagnostics(document.uri, (d) => d.some((x) => x.source === 'promptops'));
    assert.ok(a.loading.bundles().includes('extension-features.js'), `loaded: ${a.loading.bundles().join(', ')}`);
    assert.match(a.loading.featuresTrigger() ?? '', /./);
  });

  it('the TestController exposed at activation is the one the features fill', async () => {
    const a = await api();
    await a.testing.controller.resolveHandler?.(undefined);
    const greeting = workspaceUri('greeting.prompt').toString();
    const items: string[] = [];
    a.testing.controller.items.forEach((i) => items.push(i.id));
    assert.ok(items.includes(greeting), `discovered: ${items.join(', ')}`);
    assert.equal(a.testing.runProfile.label, 'Run');
  });
});
