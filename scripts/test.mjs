// `npm test`: every tier that exists, in order, stopping at the first that fails.
// Tiers: typecheck, lint, unit (plain Node), then the tiers that run inside a real VS Code.
import { spawn } from 'node:child_process';
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
// Mocha's closing lines ("N passing", "N failing", "N pending") of every test tier add up to one summary line, so
// CI and people see the whole count at the end rather than three separate ones.
const totals = { passed: 0, failed: 0, skipped: 0 };

/** Runs one tier, passing its output through while counting mocha's closing lines. */
function runTier(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['inherit', 'pipe', 'pipe'] });
    const scan = (chunk) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) {
        const m = /^\s*(\d+) (passing|failing|pending)\b/.exec(line.replace(/\x1b\[[0-9;]*m/g, ''));
        if (m) totals[{ passing: 'passed', failing: 'failed', pending: 'skipped' }[m[2]]] += Number(m[1]);
      }
    };
    child.stdout.on('data', (d) => { process.stdout.write(d); scan(d); });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code, signal) => resolve({ status: code, signal }));
    child.on('error', (e) => { console.error(e.message); resolve({ status: 1, signal: null }); });
  });
}

function summary() {
  console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
}

for (const tier of tiers) {
  if (only.length > 0 && !only.includes(tier.name)) continue;
  if (tier.when && !tier.when()) continue;
  const started = Date.now();
  console.log(`\n── ${tier.name}`);
  const r = await runTier(tier.cmd);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✗ ${tier.name} failed (exit ${r.status ?? r.signal}) after ${secs} s`);
    if (totals.failed === 0) totals.failed = 1;
    summary();
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${tier.name} (${secs} s)`);
}
summary();
