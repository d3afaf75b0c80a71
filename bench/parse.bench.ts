// Benchmark: parse + diagnostics of a 2,000-line prompt file, cold and while editing, and of each example.
// Goal: median under 5 ms for the 2,000-line file. Run: npx tsx bench/parse.bench.ts
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearParseCaches, parse } from '../src/core/promptFile/parse';
import { largePrompt } from './parseFixture';

const GOAL_MS = 5;
const RUNS = 60;

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}

/** Times parse over texts produced by `variant(i)`; `before` runs untimed before each parse. */
function measure(variant: (i: number) => string, runs: number, before: () => void = () => undefined): { median: number; p95: number; cpu: number } {
  for (let i = 0; i < 5; i++) {
    before();
    parse(variant(-1 - i));
  }
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const text = variant(i);
    before();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    parse(text);
    samples.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ...stats(samples), cpu: stats(cpu).median };
}

// On a shared machine wall time includes waiting for a core; CPU time (user + system of this process) does not.
function report(label: string, r: { median: number; p95: number; cpu: number }): void {
  console.log(`  ${label.padEnd(42)} median ${r.median.toFixed(2).padStart(7)} ms (CPU ${r.cpu.toFixed(2).padStart(6)} ms)  p95 ${r.p95.toFixed(2).padStart(7)} ms  goal < ${GOAL_MS} ms  ratio ${(r.median / GOAL_MS).toFixed(2)}`);
}

const text = largePrompt(2000);
const lines = text.split('\n');
const bodyStart = lines.indexOf('---', 1) + 1;
const doc = parse(text);
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

report('cold (caches cleared before each parse)', measure(() => text, RUNS, clearParseCaches));
report('keystroke in the template body', measure(bodyEdit, RUNS));
report('keystroke in the frontmatter', measure(frontmatterEdit, RUNS));

const examples = join(__dirname, '..', 'examples');
for (const f of readdirSync(examples).filter((x) => x.endsWith('.prompt')).sort()) {
  const src = readFileSync(join(examples, f), 'utf8');
  report(`examples/${f} (cold)`, measure(() => src, 40, clearParseCaches));
}
