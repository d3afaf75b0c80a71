// Benchmark: the data behind the diff view. A 5,000-line prompt diff (line alignment, word highlights, folds and the
// frontmatter summary) and a 200-case outcome comparison (pairing, classification, JSON/word output diffs, totals).
// Goal: each under 300 ms (issue 9). Run: npx tsx bench/compare.bench.ts
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { summarizeFrontmatter } from '../src/core/compare/frontmatterDiff';
import { compareOutcomes } from '../src/core/compare/outcomes';
import { diffText } from '../src/core/compare/textDiff';
import { outcomePair, promptPair } from './compareFixture';

const GOAL_MS = 300;

interface Figures {
  readonly median: number;
  readonly p95: number;
  /** Median CPU time of this process per run: what the work costs, whatever else the machine is doing. */
  readonly cpu: number;
}

function measure(fn: () => unknown, runs: number): Figures {
  for (let i = 0; i < 3; i++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const at = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)] ?? 0;
  return { median: at(wall, 0.5), p95: at(wall, 0.95), cpu: at(cpu, 0.5) };
}

function report(name: string, detail: string, r: Figures, runs: number): void {
  console.log(`${name} (${detail}):`);
  console.log(`  wall median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms; CPU median ${r.cpu.toFixed(1)} ms; over ${runs} runs; goal < ${GOAL_MS} ms; ratio ${(r.median / GOAL_MS).toFixed(3)} of the goal (wall median)`);
}

// Shared machine: the load average says how far the figures are from an idle one.
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on 2 cores`);
const typical = promptPair(5000, 0.05);
const d = diffText(typical.left, typical.right);
const summary = summarizeFrontmatter(typical.left, typical.right);
report('text diff + frontmatter summary, 5,000-line prompt, 5% of lines edited', `${d.rows.length} rows, ${d.changes.length} change blocks, ${d.folds.length} folds, ${summary.changes.length} summary lines`, measure(() => {
  diffText(typical.left, typical.right);
  summarizeFrontmatter(typical.left, typical.right);
}, 30), 30);

const heavy = promptPair(5000, 0.4, 9);
const dh = diffText(heavy.left, heavy.right);
report('text diff, 5,000-line prompt, 40% of lines edited', `${dh.rows.length} rows, ${dh.changes.length} change blocks`, measure(() => diffText(heavy.left, heavy.right), 10), 10);

const cases = outcomePair(200);
const c = compareOutcomes(cases.left, cases.right);
const counts = Object.entries(c.totals.counts).map(([k, v]) => `${v} ${k}`).join(', ');
report('outcome comparison, 200 cases', counts, measure(() => compareOutcomes(cases.left, cases.right), 30), 30);
