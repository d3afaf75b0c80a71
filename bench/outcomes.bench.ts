// Benchmark: the outcome panel opening 10,000 outcomes of one prompt. Goal: under 300 ms from the store on disk to the
// first painted window of rows; scrolling within a 16.7 ms frame, which not even a static page reaches on this machine,
// so the figure judged is the list's p95 frame against a static page's, scrolled in the same rounds (ratio ≤ 1.05).
// The path is measured in two halves that together are the whole of it: in Node, a fresh store opened from disk, the
// host's query (summaries from the history's summary index), the first page and its message (JSON both ways, as
// postMessage does); in Chromium, the front end from that message arriving to its first painted frame (view-model,
// virtual window, DOM). The remaining pages the front end asks for after that paint are measured too.
// Run: npx tsx bench/outcomes.bench.ts            (add --no-browser to skip the Chromium part)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import * as esbuild from 'esbuild';
import { silentLogger, systemClock } from '../src/core/io';
import { openStore } from '../src/core/store/store';
import { toSummary } from '../src/extension/outcomes/model';
import { PAGE_SIZE, splitFirstPage } from '../src/extension/outcomes/paging';
import type { FilterState, HostToOutcomesMessage, ListMode, OutcomeSummary } from '../src/protocol/outcomes';
import { buildRows, indexOutcomes } from '../webview-ui/outcomes/viewModel';
import { visibleWindow } from '../webview-ui/outcomes/virtualWindow';
import { startTrace } from './chromeTrace';
import { benchRecords } from './outcomesFixture';

const GOAL_MS = 300;
const FRAME_MS = 1000 / 60;
const RUNS = 7;
const TESTS = 250;
const RUNS_PER_CASE = 20; // 250 tests × 2 models × 20 runs = 10,000 outcomes
/** Page loads per mode that also scroll (of the 5 that time the first paint), each followed by the two floors. */
const SCROLL_ROUNDS = 5;
/** The scrolling goal on this machine: the list's p95 frame within 5% of the static box's, in the same rounds. */
const STATIC_RATIO_GOAL = 1.05;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const line = (what: string, ms: number, goal: number): string =>
  `${what}: ${ms.toFixed(1)} ms; goal < ${goal.toFixed(1)} ms; ratio ${(ms / goal).toFixed(2)} of the goal`;

const noFilter: FilterState = { status: 'all', model: '', versionId: '', text: '' };

interface DataPath {
  total: number;
  cpu: number;
  /** store open + query, first page, first-page message round trip, index + rows + window (Node). */
  phases: number[];
  /** The pages after the first: host conversion + message round trips, all of them. */
  rest: number;
  rows: number;
}

async function dataPath(dir: string, workspaceRoot: string, promptPath: string, mode: ListMode): Promise<DataPath> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // A fresh store object each time: the query reads the history from disk, as on the panel's first open.
  const store = await openStore({ dir, logger: silentLogger, clock: systemClock, workspaceRoot });
  const runs = await store.summariesOf(promptPath);
  const t1 = performance.now();
  const resolve = (p: string): string => join(workspaceRoot, p);
  const { first, rest } = splitFirstPage(runs);
  const page = first.map((r) => toSummary(r, resolve));
  const t2 = performance.now();
  // postMessage serialises to JSON between the extension host and the webview.
  const message: HostToOutcomesMessage = { type: 'outcomes', scope: { kind: 'prompt', promptPath, promptLabel: 'support.prompt' }, outcomes: page, loadId: 1, remaining: rest.length };
  const received = JSON.parse(JSON.stringify(message)) as { outcomes: OutcomeSummary[] };
  const t3 = performance.now();
  const index = indexOutcomes(received.outcomes);
  const rows = buildRows(index, { filters: noFilter, sort: { key: mode === 'latest' ? 'test' : 'time', descending: mode === 'history' }, mode });
  const w = visibleWindow({ scrollTop: 0, viewportHeight: 600, rowHeight: 24, rowCount: rows.length, overscan: 12 });
  const firstWindow = rows.slice(w.start, w.end);
  const t4 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  // After the first paint: the other pages, then the full view-model the complete list needs.
  const all = [...received.outcomes];
  for (let i = 0; i < rest.length; i += PAGE_SIZE) {
    const more = rest.slice(i, i + PAGE_SIZE).map((r) => toSummary(r, resolve));
    all.push(...(JSON.parse(JSON.stringify({ type: 'moreOutcomes', loadId: 1, outcomes: more, remaining: 0 })) as { outcomes: OutcomeSummary[] }).outcomes);
  }
  const full = buildRows(indexOutcomes(all), { filters: noFilter, sort: { key: mode === 'latest' ? 'test' : 'time', descending: mode === 'history' }, mode });
  const t5 = performance.now();
  await store.close();
  if (firstWindow.length === 0) throw new Error('empty first window');
  if (all.length !== runs.length) throw new Error(`pages lost runs: ${all.length} of ${runs.length}`);
  return { total: t4 - t0, cpu: (cpu.user + cpu.system) / 1000, phases: [t1 - t0, t2 - t1, t3 - t2, t4 - t3], rest: t5 - t4, rows: full.length };
}

/**
 * CPU time of the renderer's main thread (the page's script, style, layout and paint) between start and stop, from a
 * Chromium trace's thread times: unlike frame intervals it does not grow while the renderer waits for a core.
 */
async function mainThreadTrace(page: import('playwright-core').Page): Promise<{ stop(): Promise<number> }> {
  const trace = await startTrace(page, 'toplevel,disabled-by-default-devtools.timeline');
  return {
    async stop(): Promise<number> {
      const t = await trace.stop();
      let us = 0;
      for (const e of t.events) if (e.ph === 'X' && e.name === t.topTask && e.tdur !== undefined && t.onMainThread(e)) us += e.tdur;
      return us / 1000;
    },
  };
}

/**
 * The scroll every figure below is taken with: 120 frames, each moving the `.viewport` scroller 480 px and waiting for
 * the next animation frame; at either end the scroll turns back rather than stopping. Returns the frame intervals.
 */
const scrollLoop = `(async () => {
  const viewport = document.querySelector('.viewport');
  const times = [];
  let last = performance.now();
  let step = 480;
  for (let f = 0; f < 120; f++) {
    const max = viewport.scrollHeight - viewport.clientHeight;
    if (viewport.scrollTop + step > max || viewport.scrollTop + step < 0) step = -step;
    const before = viewport.scrollTop;
    viewport.scrollTop = before + step;
    if (viewport.scrollTop === before) throw new Error('the list did not scroll');
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    times.push(now - last);
    last = now;
  }
  return times;
})()`;

/**
 * Floors for the scrolling figure, measured in the same browser, with the same scroll and trace, next to the list:
 * (a) a static tall box (10,000 × 24 px) with nothing in it to lay out, and (b) the simplest virtual list of as many rows
 * of the same height: one text node per row, rows recycled, the window (with the list's overscan) drawn in an animation
 * frame on scroll. What this machine's Chromium needs per frame for scrolling alone, and for the least a list can do.
 */
const floorPages: Record<'static' | 'plain', string> = {
  static: `<div class="viewport"><div style="height:${10_000 * 24}px;background:linear-gradient(#fff,#888)"></div></div>`,
  plain: `<div class="viewport"><div class="spacer" style="height:${10_000 * 24}px"></div></div><script>
const vp = document.querySelector('.viewport'), sp = document.querySelector('.spacer'), views = new Map(), free = [];
let raf = 0;
function render() {
  raf = 0;
  const first = Math.floor(vp.scrollTop / 24), start = Math.max(0, first - 12), end = Math.min(10000, first + Math.ceil(vp.clientHeight / 24) + 12);
  for (const [i, n] of views) if (i < start || i >= end) { views.delete(i); free.push(n); }
  for (let i = start; i < end; i++) {
    if (views.has(i)) continue;
    let n = free.pop();
    if (!n) { n = document.createElement('div'); n.className = 'r'; n.appendChild(document.createTextNode('')); sp.appendChild(n); }
    n.style.top = (i * 24) + 'px';
    n.firstChild.data = '✓  case ' + (i % 250) + '  gpt-4o-mini  1.00  ' + (300 + i % 1500) + ' ms  ' + (100 + i % 90) + ' tokens  refund policy order within days customer support shipping';
    views.set(i, n);
  }
}
vp.addEventListener('scroll', () => { if (!raf) raf = requestAnimationFrame(render); });
render();
</script>`,
};

interface Scrolled {
  readonly frames: number[];
  /** Renderer main-thread CPU ms per frame. */
  readonly cpu: number;
}

async function floorScroll(browser: import('playwright-core').Browser, bundleDir: string, kind: 'static' | 'plain'): Promise<Scrolled> {
  const css = 'body{margin:0;font:13px sans-serif}.viewport{height:100vh;overflow-y:auto;position:relative}.spacer{position:relative}.r{position:absolute;left:0;right:0;height:24px;line-height:24px;padding:0 8px;white-space:nowrap;contain:strict}';
  writeFileSync(join(bundleDir, `floor-${kind}.html`), `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css}</style></head><body>${floorPages[kind]}</body></html>`);
  const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
  try {
    await page.goto(`file://${join(bundleDir, `floor-${kind}.html`)}`);
    await page.evaluate(`new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)))`);
    const trace = await mainThreadTrace(page);
    const frames = await page.evaluate<number[]>(scrollLoop);
    return { frames, cpu: (await trace.stop()) / frames.length };
  } finally {
    await page.close();
  }
}

const scrollLine = (what: string, frames: number[], cpu: number): string =>
  `${what}: p95 frame ${pct(frames, 0.95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms, renderer main thread CPU ${cpu.toFixed(1)} ms per frame; budget ${FRAME_MS.toFixed(1)} ms; ratio ${(pct(frames, 0.95) / FRAME_MS).toFixed(2)}`;

/** Front end from the first page's message to its first painted frame, per mode (median ms); prints the figures. */
async function browserRender(first: OutcomeSummary[], pages: OutcomeSummary[][], bundleDir: string): Promise<Record<ListMode, number>> {
  const result: Record<ListMode, number> = { latest: 0, history: 0 };
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="outcomes.css"></head><body>
<script>window.__posted=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>{window.__posted.push(m);
if(m.type==='loadMore'){if(window.benchHold){window.benchHeld=m;return;}const p=window.benchPages.shift();const left=window.benchPages.reduce((n,x)=>n+x.length,0);
window.postMessage({type:'moreOutcomes',loadId:m.loadId,outcomes:p,remaining:left},'*');}},getState:()=>undefined,setState:()=>{}});</script>
<script src="outcomes.js"></script></body></html>`;
    writeFileSync(join(bundleDir, 'harness.html'), html);
    for (const mode of ['latest', 'history'] as const) {
      const samples: number[] = [];
      const complete: number[] = [];
      const firstBusy: number[] = [];
      const scroll: Record<'list' | 'static' | 'plain', Scrolled[]> = { list: [], static: [], plain: [] };
      for (let i = 0; i < 5; i++) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
        await page.goto(`file://${join(bundleDir, 'harness.html')}`);
        await page.waitForFunction(`window.__posted.some((m) => m.type === 'ready')`);
        if (mode === 'history') {
          await page.evaluate(`window.postMessage({ type: 'applyFilters', filters: {}, mode: 'history' }, '*')`);
        }
        await page.evaluate(([outcomes, more]: [unknown, unknown[]]) => {
          // Later pages wait until the first paint is measured (benchHold), so its trace holds the first page alone.
          Object.assign(globalThis, { benchOutcomes: outcomes, benchPages: more, benchHold: true });
        }, [first, pages] as [unknown, unknown[]]);
        // In-page code as strings: the bench runs through tsx, whose helpers do not exist in the page.
        // The first page arrives as postMessage delivers it (a structured clone); timing stops at the first painted
        // frame with rows, then goes on until every page is in and the complete list is rendered.
        const trace = await mainThreadTrace(page);
        const ms = await page.evaluate<number>(`(async () => {
          const remaining = window.benchPages.reduce((n, x) => n + x.length, 0);
          const t0 = performance.now();
          window.benchT0 = t0;
          window.postMessage({ type: 'outcomes', scope: { kind: 'prompt', promptPath: '/ws/support.prompt', promptLabel: 'support.prompt' }, outcomes: window.benchOutcomes, loadId: 1, remaining }, '*');
          await new Promise((resolve) => {
            const check = () => (document.querySelectorAll('.layer .row').length > 0 ? resolve() : requestAnimationFrame(check));
            check();
          });
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          return performance.now() - t0;
        })()`);
        firstBusy.push(await trace.stop());
        await page.evaluate(`window.benchHold = false; if (window.benchHeld) window.acquireVsCodeApi().postMessage(window.benchHeld)`);
        const all = await page.evaluate<number>(`(async () => {
          await new Promise((resolve) => {
            const check = () => (window.__posted.some((m) => m.type === 'rendered' && !m.snapshot.loading && m.snapshot.total === ${first.length + pages.reduce((n, p) => n + p.length, 0)}) ? resolve() : setTimeout(check, 5));
            check();
          });
          return performance.now() - window.benchT0;
        })()`);
        samples.push(ms);
        complete.push(all);
        if (i < SCROLL_ROUNDS) {
          // Every round scrolls the list, then the two floors right after it (in alternating order), so all three
          // see the same load; the figures pool the rounds' frames.
          const scrollTrace = await mainThreadTrace(page);
          // Every frame moves 480 px: at either end of the list the scroll turns back rather than stopping there.
          // (Until 2026-11-27 13:30 it only went down, so in latest mode (500 rows, 12,000 px) the list ended after
          // 24 frames and the other 96 measured a list standing still, which hid most of its cost.)
          const frames = await page.evaluate<number[]>(scrollLoop);
          scroll.list.push({ frames, cpu: (await scrollTrace.stop()) / frames.length });
          const order: ('static' | 'plain')[] = i % 2 === 0 ? ['static', 'plain'] : ['plain', 'static'];
          for (const kind of order) {
            scroll[kind].push(await floorScroll(browser, bundleDir, kind));
          }
        }
        await page.close();
      }
      const rows = mode === 'latest' ? 'one row per test case' : 'one row per run';
      result[mode] = median(samples);
      console.log(`  front end, ${mode} mode (${rows}): first page message → first painted frame ${median(samples).toFixed(1)} ms (renderer main thread CPU ${median(firstBusy).toFixed(1)} ms); every page in and the complete list rendered ${median(complete).toFixed(1)} ms (median of ${samples.length})`);
      const pooled = (runs: Scrolled[]): number[] => runs.flatMap((r) => r.frames);
      const rounds = (runs: Scrolled[]): string => runs.map((r) => pct(r.frames, 0.95).toFixed(1)).join(' / ');
      const cpu = (runs: Scrolled[]): number => median(runs.map((r) => r.cpu));
      console.log(`  ${scrollLine(`scrolling ${mode} mode, ${SCROLL_ROUNDS} rounds of 120 frames of 480 px each (down, turning back at either end), pooled`, pooled(scroll.list), cpu(scroll.list))}; per round p95 ${rounds(scroll.list)} ms`);
      for (const kind of ['static', 'plain'] as const) {
        console.log(`    floor, ${kind === 'static' ? '(a) a static 240,000 px box' : '(b) the simplest virtual list, 10,000 plain text rows'}: ${scrollLine('same scroll, same rounds, pooled', pooled(scroll[kind]), cpu(scroll[kind]))}; per round p95 ${rounds(scroll[kind])} ms`);
      }
      // The goal that this machine can judge: the list adds no frame time beyond what the browser needs to scroll a
      // page with nothing to draw, measured in the same rounds (16.7 ms is out of reach of even the static box here).
      const ratio = pct(pooled(scroll.list), 0.95) / pct(pooled(scroll.static), 0.95);
      const perRound = scroll.list.map((r, k) => (pct(r.frames, 0.95) / pct(scroll.static[k].frames, 0.95)).toFixed(2)).join(' / ');
      console.log(`  SCROLLING RATIO, ${mode} mode: list p95 / static box p95 = ${ratio.toFixed(2)} (pooled frames of ${SCROLL_ROUNDS} rounds; per round ${perRound}); goal ≤ ${STATIC_RATIO_GOAL.toFixed(2)}; plain list / static box = ${(pct(pooled(scroll.plain), 0.95) / pct(pooled(scroll.static), 0.95)).toFixed(2)}; main-thread CPU per frame: list ${cpu(scroll.list).toFixed(1)} ms, plain list ${cpu(scroll.plain).toFixed(1)} ms, static box ${cpu(scroll.static).toFixed(1)} ms`);
    }
  } finally {
    await browser.close();
  }
  return result;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'promptops-outcomes-bench-'));
  try {
    const workspaceRoot = join(root, 'ws');
    const dir = join(workspaceRoot, '.promptops');
    const promptPath = join(workspaceRoot, 'support.prompt');
    const records = benchRecords('support.prompt', TESTS, RUNS_PER_CASE);
    const writer = await openStore({ dir, logger: silentLogger, clock: systemClock, workspaceRoot });
    await writer.append(records);
    await writer.close();
    console.log(`outcome panel, ${records.length} outcomes of one prompt (${TESTS} tests × 2 models × ${RUNS_PER_CASE} runs); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores:`);
    const host: Record<ListMode, number> = { latest: 0, history: 0 };
    for (const mode of ['latest', 'history'] as const) {
      await dataPath(dir, workspaceRoot, promptPath, mode); // warm-up: JIT, file cache
      const runs: DataPath[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await dataPath(dir, workspaceRoot, promptPath, mode));
      const phase = (k: number): number => median(runs.map((r) => r.phases[k]));
      host[mode] = phase(0) + phase(1) + phase(2);
      console.log(`  host, ${mode} mode: store on disk → first page received ${host[mode].toFixed(1)} ms; phases (median ms): store open + summary query ${phase(0).toFixed(1)}, first page (newest run of each case + newest runs) ${phase(1).toFixed(1)}, its message JSON round trip ${phase(2).toFixed(1)}; index + rows + window in Node ${phase(3).toFixed(1)}; CPU time ${median(runs.map((r) => r.cpu)).toFixed(1)} ms`);
      console.log(`    after the first paint: the other pages and the complete view-model (${runs[0].rows} rows) ${median(runs.map((r) => r.rest)).toFixed(1)} ms`);
    }
    const bundleDir = join(root, 'webview');
    const built = await esbuild.build({
      entryPoints: [join(__dirname, '..', 'webview-ui', 'outcomes', 'main.ts')],
      outfile: join(bundleDir, 'outcomes.js'), bundle: true, minify: true, format: 'iife', platform: 'browser', target: 'es2022', metafile: true, logLevel: 'warning',
    });
    const sizes = Object.entries(built.metafile.outputs).map(([f, o]) => `${f.split('/').pop()} ${(o.bytes / 1024).toFixed(1)} KiB`).join(', ');
    console.log(`  front-end bundle (minified, plain DOM, no framework): ${sizes}`);
    if (process.argv.includes('--no-browser')) return;
    // The same pages the host sends, from the same store.
    const store = await openStore({ dir, logger: silentLogger, clock: systemClock, workspaceRoot });
    const { first, rest } = splitFirstPage(await store.summariesOf(promptPath));
    await store.close();
    const resolve = (p: string): string => join(workspaceRoot, p);
    const pages: OutcomeSummary[][] = [];
    for (let i = 0; i < rest.length; i += PAGE_SIZE) pages.push(rest.slice(i, i + PAGE_SIZE).map((r) => toSummary(r, resolve)));
    const front = await browserRender(first.map((r) => toSummary(r, resolve)), pages, bundleDir);
    for (const mode of ['latest', 'history'] as const) {
      console.log(`  ${line(`END TO END, ${mode} mode: store on disk → first painted window (host ${host[mode].toFixed(1)} + front end ${front[mode].toFixed(1)})`, host[mode] + front[mode], GOAL_MS)}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
