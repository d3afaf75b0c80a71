// Benchmark: the diff view rendering a 5,000-line prompt diff and a 200-case outcome diff in Chromium, from the
// host's message to the first painted frame. Goal: under 300 ms (issue 9).
// Run: npx tsx bench/compareRender.bench.ts   (needs /usr/bin/chromium, as the e2e tier does; --collapsed-only skips
// the every-row case)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { compareOutcomes } from '../src/core/compare/outcomes';
import { summarizeFrontmatter } from '../src/core/compare/frontmatterDiff';
import { diffText } from '../src/core/compare/textDiff';
import type { DiffModel } from '../src/protocol/diff';
import { outcomePair, promptPair } from './compareFixture';

const GOAL_MS = 300;
const RUNS = 5;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'promptops-diff-bench-'));
  try {
    await esbuild.build({
      entryPoints: [join(__dirname, '..', 'webview-ui', 'diff', 'main.ts')],
      outfile: join(dir, 'diff.js'), bundle: true, minify: true, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'warning',
    });
    const texts = promptPair(5000, 0.05);
    const cases = outcomePair(200);
    const model: DiffModel = {
      fileUri: 'file:///ws/support.prompt', fileName: 'support.prompt', selection: { left: 'head', right: 'workingCopy' },
      leftLabel: 'HEAD', rightLabel: 'working copy', availableModels: ['openai/gpt-4o-mini'],
      text: diffText(texts.left, texts.right), summary: summarizeFrontmatter(texts.left, texts.right), outcomes: compareOutcomes(cases.left, cases.right),
    };
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    console.log(`diff view render in Chromium: 5,000-line prompt (${model.text.rows.length} rows) + 200-case outcomes (${model.outcomes.rows.length} rows); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores:`);
    try {
      for (const collapse of process.argv.includes("--collapsed-only") ? [true] : [true, false]) {
        const state = JSON.stringify({ fileUri: model.fileUri, filter: 'all', collapse });
        writeFileSync(join(dir, 'harness.html'), `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="diff.css"></head><body>
<script>window.__posted=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.__posted.push(m),getState:()=>(${state}),setState:()=>{}});</script>
<script src="diff.js"></script></body></html>`);
        const samples: number[] = [];
        const cpu: number[] = [];
        let nodes = 0;
        for (let i = 0; i < RUNS; i++) {
          const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
          await page.goto(`file://${join(dir, 'harness.html')}`);
          await page.waitForFunction(`window.__posted.some((m) => m.type === 'ready')`);
          await page.evaluate((m: unknown) => {
            (globalThis as unknown as { benchModel: unknown }).benchModel = m;
          }, model);
          // The renderer main thread's CPU time over the same span (ThreadTime): on a loaded machine the wall figure
          // mostly measures waiting for a core.
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Performance.enable');
          const threadTime = async (): Promise<number> => (await cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'ThreadTime')?.value ?? 0;
          const cpu0 = await threadTime();
          // In-page code as a string: the bench runs through tsx, whose helpers do not exist in the page.
          samples.push(await page.evaluate<number>(`(async () => {
            window.postMessage({ type: 'versions', versions: [{ id: 'head', kind: 'head', label: 'HEAD' }, { id: 'workingCopy', kind: 'workingCopy', label: 'working copy' }] }, '*');
            const t0 = performance.now();
            window.postMessage({ type: 'model', model: window.benchModel }, '*');
            await new Promise((resolve) => { const check = () => (document.querySelector('.outcome') ? resolve() : requestAnimationFrame(check)); check(); });
            await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
            return performance.now() - t0;
          })()`));
          cpu.push((await threadTime()) * 1000 - cpu0 * 1000);
          nodes = await page.evaluate<number>('document.getElementsByTagName("*").length');
          await page.close();
        }
        const ms = median(samples);
        console.log(`  collapse unchanged ${collapse ? 'on (the default)' : 'off (every row)'}: median ${ms.toFixed(1)} ms of ${RUNS} (min ${Math.min(...samples).toFixed(1)}), renderer main-thread CPU median ${median(cpu).toFixed(1)} ms (includes the harness's own calls), ${nodes} DOM elements; goal < ${GOAL_MS} ms; ratio ${(ms / GOAL_MS).toFixed(2)} of the goal`);
      }
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
