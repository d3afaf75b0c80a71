// CLI benchmark: the built `dist/cli.js` as users run it. `promptops --version` start-up; `promptops test` on
// 1,000 cases of one prompt at -j 8 against the mock LLM (separate process, 50 ms latency), cold then warm; and
// the peak RSS of a 10,000-case run. Beside the cold run, the floor: bench/cliFloor.cjs (a fresh Node process sending
// the same 1,000 requests over 8 keep-alive loops and nothing else), just before and just after, each against a mock
// process of its own started fresh as the cold run's is (a mock that has already served requests answers sooner).
// Usage: node scripts/build.mjs && npx tsx bench/cli.bench.ts
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkspace, report, root, startMockProcess } from './runnerWorkspace';

const CLI = join(root, 'dist', 'cli.js');
const LATENCY_MS = 50;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Wall time and CPU time (user + system, from GNU time) of one process, in ms. */
function timeProcess(args: readonly string[]): { wall: number; cpu: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  const m = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}

/** Runs bench/cliFloor.cjs against a fresh mock; resolves with wall and CPU seconds (measured as `runTest` does). */
async function runFloor(): Promise<{ seconds: number; cpuSeconds: number }> {
  const preload = join(root, 'bench', 'cliPeakRss.cjs');
  const mock = await startMockProcess(LATENCY_MS);
  const mockUrl = mock.url;
  return new Promise<{ seconds: number; cpuSeconds: number }>((resolveRun, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--require', preload, join(root, 'bench', 'cliFloor.cjs'), mockUrl, '1000', '8'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      const m = /CPU_MS=(\d+)/.exec(stderr);
      if (code !== 0) reject(new Error(`the floor client exited with ${code}: ${stderr.slice(0, 2000)}`));
      else resolveRun({ seconds, cpuSeconds: m ? Number(m[1]) / 1000 : NaN });
    });
  }).finally(() => mock.stop());
}

/** Runs `promptops test` in `cwd`; resolves with wall seconds, the exit code and peak RSS (from /proc at exit). */
function runTest(cwd: string, args: readonly string[]): Promise<{ seconds: number; code: number; peakMb: number; cpuSeconds: number }> {
  // The child reports its own peak RSS on exit through an env-enabled preload, so no external `time` is needed.
  const preload = join(root, 'bench', 'cliPeakRss.cjs');
  return new Promise((resolveRun, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--require', preload, CLI, 'test', '--allow-workspace-endpoints', ...args], {
      cwd,
      env: { ...process.env, MOCK_KEY: 'bench-key' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      const m = /PEAK_RSS_KB=(\d+) CPU_MS=(\d+)/.exec(stderr);
      if (code !== 0) reject(new Error(`promptops test exited with ${code}: ${stderr.slice(0, 2000)}`));
      else resolveRun({ seconds, code: code ?? -1, peakMb: m ? Number(m[1]) / 1024 : NaN, cpuSeconds: m ? Number(m[2]) / 1000 : NaN });
    });
  });
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run node scripts/build.mjs first');
  // Start-up: median of 15 runs each, beside bare `node -e 0` on the same machine for context.
  const nodeRuns = Array.from({ length: 15 }, () => timeProcess(['-e', '0']));
  const versionRuns = Array.from({ length: 15 }, () => timeProcess([CLI, '--version']));
  console.log(`bare node start-up (context): wall ${median(nodeRuns.map((r) => r.wall)).toFixed(0)} ms, CPU ${median(nodeRuns.map((r) => r.cpu)).toFixed(0)} ms`);
  report('promptops --version, wall (median of 15)', median(versionRuns.map((r) => r.wall)), 'ms', 150, 'goal');
  console.log(`  (CPU time: ${median(versionRuns.map((r) => r.cpu)).toFixed(0)} ms)`);

  const mock = await startMockProcess(LATENCY_MS);
  const small = makeWorkspace(mock.url, 1000);
  const big = makeWorkspace(mock.url, 10_000);
  try {
    const floorBefore = await runFloor();
    const cold = await runTest(small.dir, ['-j', '8']);
    const floorAfter = await runFloor();
    report('promptops test, 1,000 cases -j 8, cold', cold.seconds, 's', (1000 * LATENCY_MS) / 1000 / 8, 'limit');
    console.log(`  (CPU time of the cold run: ${cold.cpuSeconds.toFixed(2)} s)`);
    // The floor does the same network work and nothing else, so the cold run can be judged against it as well.
    for (const [when, f] of [['before', floorBefore], ['after', floorAfter]] as const) {
      report(`  floor: bare node:http client, ${when}`, f.seconds, 's', (1000 * LATENCY_MS) / 1000 / 8, 'limit');
      console.log(`    (CPU ${f.cpuSeconds.toFixed(2)} s; the cold run took ${(cold.seconds / f.seconds).toFixed(3)}× this)`);
    }
    const warm = await runTest(small.dir, ['-j', '8']);
    report('promptops test, 1,000 cases -j 8, warm', warm.seconds, 's', 0.5, 'goal');
    console.log(`  (CPU time of the warm run: ${warm.cpuSeconds.toFixed(2)} s)`);
    const mem = await runTest(big.dir, ['-j', '64']);
    report('promptops test, 10,000 cases -j 64, peak RSS', mem.peakMb, 'MB', 150, 'goal');
    console.log(`(10,000 cases took ${mem.seconds.toFixed(1)} s)`);
  } finally {
    await mock.stop();
    rmSync(small.dir, { recursive: true, force: true });
    rmSync(big.dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
