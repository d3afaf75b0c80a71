// Runner benchmark, in process, with the real renderer, providers, assertions and store against the mock LLM
// (separate process, 50 ms latency): 1,000 cases of one prompt at concurrency 8, cold then warm; and the peak
// memory of a 10,000-case run (measured in a fresh child process).
// Usage: npx tsx bench/runner.bench.ts
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/core/config/config';
import { silentLogger, systemClock } from '../src/core/io';
import { loadDataset } from '../src/core/promptFile/dataset';
import { parse } from '../src/core/promptFile/parse';
import { envCredentials } from '../src/core/providers/credentials';
import { createRunnerDeps } from '../src/core/runner/deps';
import { runCases } from '../src/core/runner/execute';
import { combinePlans, planFile } from '../src/core/runner/plan';
import { storeAdapter } from '../src/core/runner/storeAdapter';
import { openStore } from '../src/core/store/store';
import { nodeFileSystem } from '../src/cli/files';
import { makeWorkspace, report, startMockProcess } from './runnerWorkspace';

const LATENCY_MS = 50;

async function runOnce(dir: string, prompt: string, concurrency: number): Promise<{ seconds: number; cpuSeconds: number; cached: number; passed: number; cases: number }> {
  const { config } = await loadConfig(dir, nodeFileSystem);
  const store = await openStore({ dir: join(dir, '.promptops'), logger: silentLogger, clock: systemClock, workspaceRoot: dir });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const document = parse(await nodeFileSystem.readFile(prompt));
  const plan = combinePlans([await planFile(document, prompt, { loadRows: (p) => loadDataset(p, nodeFileSystem) })]);
  const deps = createRunnerDeps({
    config,
    providerDeps: { credentials: envCredentials({ MOCK_KEY: 'bench-key' }), approveEndpoint: () => Promise.resolve(true) },
    fs: nodeFileSystem,
    clock: systemClock,
    logger: silentLogger,
    store: storeAdapter(store),
    useGit: false,
  });
  const summary = await runCases(plan, deps, { concurrency });
  await store.close();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (summary.errors > 0) throw new Error(`bench run had errors: ${summary.results.find((r) => r.error)?.error?.message}`);
  return { seconds, cpuSeconds, cached: summary.cached, passed: summary.passed, cases: plan.cases.length };
}

async function memoryChild(): Promise<void> {
  const mock = await startMockProcess(LATENCY_MS);
  const { dir, prompt } = makeWorkspace(mock.url, 10_000);
  try {
    const r = await runOnce(dir, prompt, 64);
    const peakMb = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ peakMb, cases: r.cases, seconds: r.seconds }));
  } finally {
    await mock.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--memory-child')) return memoryChild();
  const mock = await startMockProcess(LATENCY_MS);
  const { dir, prompt } = makeWorkspace(mock.url, 1000);
  try {
    // One small run first so module loading and JIT warm-up are not billed to the cold figure.
    const warmup = makeWorkspace(mock.url, 16);
    await runOnce(warmup.dir, warmup.prompt, 8);
    rmSync(warmup.dir, { recursive: true, force: true });

    const cold = await runOnce(dir, prompt, 8);
    const limit = (1000 * LATENCY_MS) / 1000 / 8;
    console.log(`runner, ${cold.cases} cases, concurrency 8, mock latency ${LATENCY_MS} ms`);
    report('cold (no cache), wall time', cold.seconds, 's', limit, 'limit');
    console.log(`  (CPU time of the cold run: ${cold.cpuSeconds.toFixed(2)} s)`);
    const warm = await runOnce(dir, prompt, 8);
    if (warm.cached !== warm.cases) throw new Error(`warm run served ${warm.cached}/${warm.cases} from the cache`);
    report('warm (all cached), wall time', warm.seconds, 's', 0.5, 'goal');
    console.log(`  (CPU time of the warm run: ${warm.cpuSeconds.toFixed(2)} s)`);
  } finally {
    await mock.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.argv.includes('--no-memory')) return;
  const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--memory-child'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  const m = JSON.parse(line) as { peakMb: number; cases: number; seconds: number };
  report(`peak RSS, ${m.cases} cases (concurrency 64)`, m.peakMb, 'MB', 150, 'goal');
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
