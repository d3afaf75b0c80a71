// Benchmark: the outcome store with 10,000 run records of one prompt (20 runs of 50 tests × 10 repeats, written by
// 20 writer processes, so 20 segments): open + load + latest outcome per test + one test's history. Goal: < 300 ms.
// Two stores, each measured in a fresh process (so each first sample pays the cold JIT): one as this version's
// writers leave it (each segment with its summary index), and one as versions before the summary index left it
// (segments only: the first open rebuilds the 20 indexes).
// Run: npx tsx bench/store.bench.ts          (both, one child process each)
//      npx tsx bench/store.bench.ts indexed  (or: legacy, visibility) one of them in this process
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger, systemClock } from '../src/core/io';
import { encodeLine } from '../src/core/store/segmentLine';
import { cacheKey } from '../src/core/store/key';
import { openStore } from '../src/core/store/store';
import { summarize } from '../src/core/store/summary';
import { SummaryIndexWriter, summaryIndexName } from '../src/core/store/summaryIndex';
import type { RunRecord } from '../src/core/store/types';

const GOAL_MS = 300;
const RUNS = 20;
const TESTS = 50;
const REPEATS = 10;
const PROMPT = 'prompts/support-reply.prompt';

function makeRecord(run: number, test: number, repeat: number): RunRecord {
  const hash = (run % 5).toString(16).padStart(64, '0');
  const name = `replies politely to case ${test}`;
  return {
    id: `r${run}-${test}-${repeat}`,
    runId: `run-${run}`,
    time: 1_700_000_000_000 + run * 3_600_000 + test * 1000 + repeat,
    tool: run % 2 ? 'cli' : 'editor',
    promptPath: PROMPT,
    promptHash: hash,
    snapshot: hash,
    git: { commit: 'f00dfeed'.repeat(5), dirty: run % 3 === 0 },
    testName: name,
    caseId: `${name}@openai/gpt-4o-mini`,
    vars: { customer: `Customer ${test}`, issue: 'My order arrived damaged and I would like a replacement as soon as possible.' },
    provider: 'openai',
    model: 'gpt-4o-mini',
    endpoint: 'https://api.openai.com/v1',
    messages: [
      { role: 'system', content: [{ text: 'You are a support agent for an online shop. Be brief, warm and concrete. Never promise refunds you cannot give.' }] },
      { role: 'user', content: [{ text: `Customer ${test} writes: My order arrived damaged and I would like a replacement as soon as possible.` }] },
    ],
    output: `Dear Customer ${test}, I am sorry your order arrived damaged. `.repeat(6),
    assertions: [
      { type: 'icontains', pass: true, score: 1, reason: 'output contains "sorry" (ignoring case)', weight: 1, range: { start: { line: 12, character: 6 }, end: { line: 13, character: 20 } } },
      { type: 'not-contains', pass: true, score: 1, reason: 'output does not contain "refund"', weight: 1, range: { start: { line: 14, character: 6 }, end: { line: 15, character: 20 } } },
      { type: 'llm-rubric', pass: repeat % 4 !== 0, score: 0.8, reason: 'grader: Polite and offers a concrete next step.', weight: 2, range: { start: { line: 16, character: 6 }, end: { line: 17, character: 40 } } },
    ],
    pass: repeat % 4 !== 0,
    score: 0.8,
    latencyMs: 800 + ((test * 37 + repeat * 11) % 400),
    usage: { inputTokens: 62, outputTokens: 88, totalTokens: 150 },
    costUsd: 0.0000621,
    cached: repeat > 5,
    repeatIndex: repeat,
  };
}

// Pids no process has here (above Linux's pid_max), so the segments are finished writers' as after 20 CLI runs.
const DEAD_PID = 4_194_304 + 1000;

async function main(mode: 'indexed' | 'legacy'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'promptops-bench-'));
  try {
    mkdirSync(join(dir, 'history'), { recursive: true });
    let bytes = 0;
    for (let run = 0; run < RUNS; run++) {
      const lines: string[] = [];
      const index: string[] = [];
      const encoder = new SummaryIndexWriter();
      let at = 0;
      for (let test = 0; test < TESTS; test++) {
        for (let repeat = 0; repeat < REPEATS; repeat++) {
          const record = makeRecord(run, test, repeat);
          const line = encodeLine(record);
          const len = Buffer.byteLength(line);
          // What SegmentWriter writes beside each segment.
          index.push(encoder.line({ at, len, tab: Buffer.byteLength(line.slice(0, line.indexOf('\t'))), sum: line.slice(0, 8), r: summarize(record) }));
          lines.push(line);
          at += len;
        }
      }
      const name = `seg-${run.toString(36).padStart(8, '0')}-${DEAD_PID + run}-0000beef.jsonl`;
      const file = join(dir, 'history', name);
      writeFileSync(file, lines.join(''));
      if (mode === 'indexed') writeFileSync(join(dir, 'history', summaryIndexName(name)), index.join(''));
      bytes += statSync(file).size;
    }
    const total = RUNS * TESTS * REPEATS;
    const what = mode === 'indexed' ? 'each with its summary index, as this version writes them' : 'without summary indexes, as older versions left them (the first open rebuilds them)';
    console.log(`outcome store: ${total} records of one prompt in ${RUNS} segments, ${(bytes / 1e6).toFixed(1)} MB, ${what}`);

    const samples: number[] = [];
    const cpuSamples: number[] = [];
    let detail = '';
    for (let i = 0; i < 12; i++) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const store = await openStore({ dir, logger: silentLogger, clock: systemClock });
      const t1 = performance.now();
      const latest = await store.latestOutcomes(PROMPT);
      const t2 = performance.now();
      const history = await store.testHistory(PROMPT, 'replies politely to case 7');
      const t3 = performance.now();
      samples.push(t3 - t0);
      const cpu = process.cpuUsage(cpu0);
      cpuSamples.push((cpu.user + cpu.system) / 1000);
      if (latest.length !== TESTS || history.length !== RUNS * REPEATS) throw new Error(`wrong answers: ${latest.length} latest, ${history.length} history`);
      if (i === 0) detail = `open+load ${(t1 - t0).toFixed(0)} ms, latest per test ${(t2 - t1).toFixed(1)} ms, history ${(t3 - t2).toFixed(1)} ms`;
      await store.close();
    }
    const first = samples[0];
    const sorted = [...samples.slice(1)].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`  first (cold JIT): ${first.toFixed(0)} ms wall, ${cpuSamples[0].toFixed(0)} ms CPU (${detail})`);
    const cpuSorted = [...cpuSamples.slice(1)].sort((a, b) => a - b);
    const cpuMedian = cpuSorted[Math.floor(cpuSorted.length / 2)];
    console.log(`  median of the next ${sorted.length}: ${median.toFixed(0)} ms wall, ${cpuMedian.toFixed(0)} ms CPU; goal < ${GOAL_MS} ms; ratio ${(median / GOAL_MS).toFixed(2)} of the goal (first: ${(first / GOAL_MS).toFixed(2)})`);
    console.log(`  (CPU time is the process's own, so it reads true on a busy machine; wall time includes waiting for a core: load average ${loadavg()[0].toFixed(1)})`);

    const store = await openStore({ dir, logger: silentLogger, clock: systemClock });
    // The store reads its history on the first query (open is lazy): load it first, so what is timed below is the
    // refresh after one append, as the outcome panel sees it while a run is writing.
    await store.latestOutcomes(PROMPT);
    await store.append(makeRecord(99, 0, 0));
    const t0 = performance.now();
    const latest = await store.latestOutcomes(PROMPT);
    const incremental = performance.now() - t0;
    if (!latest.some((o) => o.record.id === 'r99-0-0')) throw new Error('incremental refresh missed the new record');
    console.log(`  query after one more append (incremental refresh + latest per test): ${incremental.toFixed(1)} ms`);

    // The response cache as a warm run uses it: 1,000 lookups of entries another process wrote.
    const keys = Array.from({ length: 1000 }, (_, i) => cacheKey({ provider: 'openai', endpoint: 'https://api.openai.com/v1', model: 'gpt-4o-mini', config: { i }, messages: [], output: { format: 'text' } }));
    const reply = { text: 'Dear customer, I am sorry your order arrived damaged. '.repeat(6), finishReason: 'stop', usage: { inputTokens: 62, outputTokens: 88 }, latencyMs: 900, model: 'gpt-4o-mini' };
    let p0 = performance.now();
    await Promise.all(keys.map((k) => store.cache.put(k, reply)));
    const putMs = performance.now() - p0;
    const reader = await openStore({ dir, logger: silentLogger, clock: systemClock });
    p0 = performance.now();
    const hits = await Promise.all(keys.map((k) => reader.cache.get(k)));
    const getMs = performance.now() - p0;
    if (hits.some((h) => h === undefined)) throw new Error('cache missed an entry');
    console.log(`  cache: 1,000 puts ${putMs.toFixed(0)} ms, 1,000 hits from a fresh store ${getMs.toFixed(0)} ms (${(getMs / 1000).toFixed(2)} ms per hit)`);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Cross-process visibility: a child process (the CLI) puts a reply; this process (the editor) asks for it every
// millisecond until it is served. The figure is the time from the child's put() call to the hit here.
const SAMPLES = 40;

async function putter(dir: string): Promise<void> {
  const store = await openStore({ dir, logger: silentLogger, clock: systemClock });
  process.stdout.write('ready\n');
  const { createInterface } = await import('node:readline');
  for await (const key of createInterface({ input: process.stdin })) {
    if (key === 'exit') break;
    const at = performance.timeOrigin + performance.now();
    await store.cache.put(key, { text: 'x'.repeat(600), finishReason: 'stop', latencyMs: 900, model: 'gpt-4o-mini' });
    process.stdout.write(`${at}\n`);
  }
  await store.close();
  process.stdin.destroy();
}

async function visibility(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'promptops-bench-'));
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, __filename, 'putter', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      lines.push(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
    wake?.();
  });
  const next = async (): Promise<string> => {
    while (lines.length === 0) await new Promise<void>((r) => (wake = r));
    return lines.shift()!;
  };
  try {
    await next(); // ready
    const store = await openStore({ dir, logger: silentLogger, clock: systemClock });
    const delays: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < SAMPLES; i++) {
      const key = cacheKey({ provider: 'openai', endpoint: 'https://api.openai.com/v1', model: 'gpt-4o-mini', config: { visibility: i }, messages: [], output: { format: 'text' } });
      if ((await store.cache.get(key)) !== undefined) throw new Error('hit before the put');
      child.stdin.write(`${key}\n`);
      while ((await store.cache.get(key)) === undefined) await new Promise((r) => setTimeout(r, 1));
      const seen = performance.timeOrigin + performance.now();
      delays.push(seen - Number(await next()));
    }
    const cpu = process.cpuUsage(cpu0);
    delays.sort((a, b) => a - b);
    const pick = (q: number): string => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))].toFixed(1);
    console.log(`cache visibility across processes (${SAMPLES} puts by a child process, polled here every 1 ms):`);
    console.log(`  put() called there → served here: median ${pick(0.5)} ms, p95 ${pick(0.95)} ms, max ${pick(1)} ms; aim ≤ 100 ms (polling CPU here ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; load average ${loadavg()[0].toFixed(1)})`);
    await store.close();
    child.stdin.write('exit\n');
    await new Promise((r) => child.on('exit', r));
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const mode = process.argv[2];
if (mode === 'indexed' || mode === 'legacy') void main(mode);
else if (mode === 'putter') void putter(process.argv[3]);
else if (mode === 'visibility') void visibility();
else {
  for (const m of ['indexed', 'legacy', 'visibility']) {
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, m], { stdio: 'inherit' });
    if (child.status !== 0) process.exitCode = 1;
  }
}
