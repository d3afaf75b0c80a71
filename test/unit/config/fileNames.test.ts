// Every name a config file may have must also start PromptOps: a workspace whose only PromptOps file is a config
// (test/integration/configonly covers the .yaml name in real VS Code) would otherwise stay without the extension.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configFileNames, isConfigFileName } from '../../../src/core/config/fileNames';

const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { activationEvents?: string[] };

describe('config file names', () => {
  it('each one is an activation event, at any depth of the workspace', () => {
    assert.ok(configFileNames.length >= 2);
    for (const name of configFileNames) {
      assert.ok(manifest.activationEvents?.includes(`workspaceContains:**/${name}`), `package.json activates on ${name}`);
    }
  });

  it('recognises exactly those names, by the last path segment only', () => {
    assert.ok(isConfigFileName('promptops.config.yaml'));
    assert.ok(isConfigFileName('promptops.config.yml'));
    assert.ok(!isConfigFileName('promptops.config.json'));
    assert.ok(!isConfigFileName('pkg/promptops.config.yaml'));
  });
});
