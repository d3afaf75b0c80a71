// @vscode/test-cli configuration: runs the integration suite in VS Code desktop (downloaded by @vscode/test-electron).
// Our build machines cannot download VS Code; there `npm run test:integration` runs the same suite in code-server.
// Usage (docs/testing.md): npm run build && npx tsx scripts/harness/compileIntegration.ts && npx vscode-test
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'integration',
  files: 'out/integration/suite.test.js',
  extensionDevelopmentPath: '.',
  workspaceFolder: 'out/integration/workspace',
  version: 'stable',
  // Only PromptOps and the built-in extensions load, as in the code-server runs.
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  env: process.env.PROMPTOPS_MOCK_LLM_URL ? { PROMPTOPS_MOCK_LLM_URL: process.env.PROMPTOPS_MOCK_LLM_URL } : {},
  mocha: { ui: 'bdd', timeout: 20000 },
});
