// Benchmark: parse + diagnostics of a 2,000-line prompt file and of each example. Goal: median under 5 ms.
// Run: npx tsx bench/parse.bench.ts
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from '../src/core/promptFile/parse';
import { largePrompt } from './parseFixture';

const GOAL_MS = 5;
const RUNS = 200;

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(text: string, runs: number): { median: number; p95: number } {
  for (let i = 0; i < 20; i++) parse(text);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    parse(text);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { median: median(samples), p95: samples[Math.floor(samples.length * 0.95)] };
}

const text = largePrompt(2000);
const doc = parse(text);
const lines = text.split('\n').length - 1;
const big = measure(text, RUNS);
console.log(`parse + diagnostics, ${lines}-line prompt (${text.length} chars, ${doc.templateNodes.length} template nodes, ${doc.tests.length} tests, ${doc.diagnostics.length} diagnostics):`);
console.log(`  median ${big.median.toFixed(2)} ms, p95 ${big.p95.toFixed(2)} ms over ${RUNS} runs; goal < ${GOAL_MS} ms; ratio ${(big.median / GOAL_MS).toFixed(2)} of the goal`);

const examples = join(__dirname, '..', 'examples');
let files: string[] = [];
try {
  files = readdirSync(examples).filter((f) => f.endsWith('.prompt'));
} catch {
  // No examples folder: only the large file is measured.
}
for (const f of files) {
  const r = measure(readFileSync(join(examples, f), 'utf8'), 100);
  console.log(`  examples/${f}: median ${r.median.toFixed(3)} ms`);
}
