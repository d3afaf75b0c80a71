// `npm test`: every tier that exists, in order, stopping at the first that fails.
// Tiers: typecheck, lint, unit (plain Node), then the tiers that run inside a real VS Code.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const tiers = [
  { name: 'build', cmd: ['node', 'scripts/build.mjs'] },
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'typecheck webviews', cmd: ['npx', 'tsc', '--noEmit', '-p', 'webview-ui/tsconfig.json'], when: () => existsSync('webview-ui/diff/main.ts') || existsSync('webview-ui/outcomes/main.ts') },
  { name: 'lint', cmd: ['npx', 'eslint', '.'] },
  { name: 'unit', cmd: ['npx', 'mocha'] },
  // code-server + headless Chromium (scripts/harness/); each driver installs what is missing into ~/.cache/promptops.
  { name: 'integration', cmd: ['npx', 'tsx', 'test/integration/runner/driver.ts'] },
  { name: 'e2e', cmd: ['npx', 'tsx', 'test/e2e/runner/driver.ts'] },
];

const only = process.argv.slice(2);
for (const tier of tiers) {
  if (only.length > 0 && !only.includes(tier.name)) continue;
  if (tier.when && !tier.when()) continue;
  const started = Date.now();
  console.log(`\n── ${tier.name}`);
  const r = spawnSync(tier.cmd[0], tier.cmd.slice(1), { stdio: 'inherit' });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✗ ${tier.name} failed (exit ${r.status ?? r.signal}) after ${secs} s`);
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${tier.name} (${secs} s)`);
}
