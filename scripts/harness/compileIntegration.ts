// Compiles the integration suite for `@vscode/test-cli` (see .vscode-test.mjs and docs/testing.md): the same bundle
// the code-server driver runs, plus a fresh copy of the workspace fixture.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleIntegrationSuite } from './packaging';
import { repoRoot } from './paths';

async function main(): Promise<void> {
  const out = join(repoRoot, 'out', 'integration');
  rmSync(out, { recursive: true, force: true });
  const count = await bundleIntegrationSuite(join(out, 'suite.test.js'));
  cpSync(join(repoRoot, 'test/fixtures/workspaces/basic'), join(out, 'workspace'), { recursive: true });
  console.log(`compiled ${count} integration test files into ${join(out, 'suite.test.js')}`);
}

void main();
