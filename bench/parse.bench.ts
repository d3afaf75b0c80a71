// Benchmark: parse + diagnostics of a 2,000-line prompt file, cold and while editing, and of each example.
// Goal: median under 5 ms for the 2,000-line file. Run: npx tsx bench/parse.bench.ts
//
// "Cold" clears every parse cache before each parse, so each one does the whole work. The goal row is the median once
// V8 has finished compiling the parser: in a fresh process it keeps optimising parser functions for the first ~100
// parses of this file, on a second thread (the CPU column exceeds the wall column while it does). The rows before it
// show that warm-up: the very first parse of a fresh process, and parses 7-66, the window this benchmark measured
// until 2026-11-28.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearParseCaches, parse } from '../src/core/promptFile/parse';
import { largePrompt } from './parseFixture';

const GOAL_MS = 5;
const RUNS = 60;
/** Cold parses before the goal row's samples: enough for V8 to finish optimising the parser (see above). */
const COLD_WARMUP = 200;
const COLD_RUNS = 200;

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}

/** Parses of `variant(i)` for i = 0…count-1, each timed (wall and CPU); `before` runs untimed before each parse. */
function sequence(variant: (i: number) => string, count: number, before: () => void = () => undefined): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < count; i++) {
    const text = variant(i);
    before();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    parse(text);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

/** Times parse over texts produced by `variant(i)` after 5 untimed parses; `before` runs untimed before each parse. */
function measure(variant: (i: number) => string, runs: number, before: () => void = () => undefined): { median: number; p95: number; cpu: number } {
  for (let i = 0; i < 5; i++) {
    before();
    parse(variant(-1 - i));
  }
  return samplesBetween(sequence(variant, runs, before), 0, runs);
}

/** The statistics of samples `from` (inclusive) to `to` (exclusive) of a sequence. */
function samplesBetween(seq: { wall: number[]; cpu: number[] }, from: number, to: number): { median: number; p95: number; cpu: number } {
  return { ...stats(seq.wall.slice(from, to)), cpu: stats(seq.cpu.slice(from, to)).median };
}

// On a shared machine wall time includes waiting for a core; CPU time (user + system of this process) does not.
function report(label: string, r: { median: number; p95: number; cpu: number }, goal = true): void {
  const judged = goal ? `goal < ${GOAL_MS} ms  ratio ${(r.median / GOAL_MS).toFixed(2)}` : '(no goal: JIT warm-up)';
  console.log(`  ${label.padEnd(42)} median ${r.median.toFixed(2).padStart(7)} ms (CPU ${r.cpu.toFixed(2).padStart(6)} ms)  p95 ${r.p95.toFixed(2).padStart(7)} ms  ${judged}`);
}

const text = largePrompt(2000);
const lines = text.split('\n');
const bodyStart = lines.indexOf('---', 1) + 1;
const c0 = process.cpuUsage();
const t0 = performance.now();
const doc = parse(text);
const firstWall = performance.now() - t0;
const firstCpu = process.cpuUsage(c0);
/** One sample: its median and p95 are the sample itself. */
const first = { median: firstWall, p95: firstWall, cpu: (firstCpu.user + firstCpu.system) / 1000 };
console.log(`parse + diagnostics of a ${lines.length - 1}-line prompt (${text.length} chars, ${doc.templateNodes.length} template nodes, ${doc.tests.length} tests):`);

/** The file with one character typed on a body line (a different line each run, as when editing). */
const bodyEdit = (i: number): string => {
  const copy = [...lines];
  const at = bodyStart + ((i * 37 + 1000) % (lines.length - bodyStart - 2));
  copy[at] = `${copy[at]} x${i}`;
  return copy.join('\n');
};
/** The file with one character typed in a test's vars (the frontmatter changes, the body does not). */
const frontmatterEdit = (i: number): string => text.replace('value 0-0', `value 0-0 ${i}`);

// Parse 1 was the one above; the sequence's samples 5-64 are parses 7-66, after the 5 untimed parses `measure` makes.
const cold = sequence(() => text, COLD_WARMUP + COLD_RUNS, clearParseCaches);
report('cold, first parse of a fresh process', first, false);
report('cold, parses 7-66 of a fresh process', samplesBetween(cold, 5, 65), false);
report(`cold, parses ${COLD_WARMUP + 2}-${COLD_WARMUP + COLD_RUNS + 1} (JIT settled)`, samplesBetween(cold, COLD_WARMUP, COLD_WARMUP + COLD_RUNS));
report('keystroke in the template body', measure(bodyEdit, RUNS));
report('keystroke in the frontmatter', measure(frontmatterEdit, RUNS));

const examples = join(__dirname, '..', 'examples');
for (const f of readdirSync(examples).filter((x) => x.endsWith('.prompt')).sort()) {
  const src = readFileSync(join(examples, f), 'utf8');
  report(`examples/${f} (cold)`, measure(() => src, 40, clearParseCaches));
}
