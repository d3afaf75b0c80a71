// The outcome list in a plain Chromium page, for the A/B tools (outcomesAb.ts, outcomesPaired.ts): the benchmark's
// 10,000 outcomes, a build of a `webview-ui` folder in a page whose requestAnimationFrame can be run synchronously,
// and a page loaded with the outcomes and rendered. The main benchmark (outcomes.bench.ts) times the loading itself,
// so it builds its own page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { silentLogger, systemClock } from '../src/core/io';
import { openStore } from '../src/core/store/store';
import { toSummary } from '../src/extension/outcomes/model';
import type { ListMode, OutcomeSummary } from '../src/protocol/outcomes';
import { benchRecords } from './outcomesFixture';

/** The benchmark's outcomes (250 tests × 2 models × 20 runs) as the host sends them, read from a store under `root`. */
export async function benchSummaries(root: string): Promise<OutcomeSummary[]> {
  const ws = join(root, 'ws');
  const dir = join(ws, '.promptops');
  const writer = await openStore({ dir, logger: silentLogger, clock: systemClock, workspaceRoot: ws });
  await writer.append(benchRecords('support.prompt', 250, 20));
  await writer.close();
  const store = await openStore({ dir, logger: silentLogger, clock: systemClock, workspaceRoot: ws });
  try {
    return (await store.summariesOf(join(ws, 'support.prompt'))).map((r) => toSummary(r, (p) => join(ws, p)));
  } finally {
    await store.close();
  }
}

/**
 * Builds `webviewDir`'s outcome front end into `out` with a page (`out/page.html`) whose `<style id="variant">` holds
 * `css`. While `window.__sync` is set, requestAnimationFrame callbacks wait in `window.__raf`, so a step can run the
 * list's frame at once.
 */
export async function buildHarnessPage(webviewDir: string, out: string, css = ''): Promise<string> {
  mkdirSync(out, { recursive: true });
  await esbuild.build({ entryPoints: [join(webviewDir, 'outcomes', 'main.ts')], outfile: join(out, 'outcomes.js'), bundle: true, minify: true, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'warning' });
  const page = join(out, 'page.html');
  writeFileSync(page, `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="outcomes.css"><style id="variant">${css}</style></head><body>
<script>window.__posted=[];window.__raf=[];const raf=window.requestAnimationFrame.bind(window);
window.requestAnimationFrame=(cb)=>{if(window.__sync){window.__raf.push(cb);return 1;}return raf(cb);};
window.acquireVsCodeApi=()=>({postMessage:(m)=>window.__posted.push(m),getState:()=>undefined,setState:()=>{}});</script>
<script src="outcomes.js"></script></body></html>`);
  return page;
}

/** Chromium as every browser benchmark launches it. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
}

/** Opens `pagePath` at the benchmark's viewport, in `mode`, with every outcome sent at once, rendered and settled. */
export async function openList(browser: Browser, pagePath: string, outcomes: readonly OutcomeSummary[], mode: ListMode): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
  await page.goto(`file://${pagePath}`);
  await page.waitForFunction(`window.__posted.some((m) => m.type === 'ready')`);
  if (mode === 'history') await page.evaluate(`window.postMessage({ type: 'applyFilters', filters: {}, mode: 'history' }, '*')`);
  await page.evaluate((o: unknown) => { Object.assign(globalThis, { benchOutcomes: o }); }, outcomes as unknown);
  await page.evaluate(`window.postMessage({ type: 'outcomes', scope: { kind: 'prompt', promptPath: '/ws/support.prompt', promptLabel: 'support.prompt' }, outcomes: window.benchOutcomes, loadId: 1, remaining: 0 }, '*')`);
  await page.waitForFunction(`document.querySelectorAll('.layer .row').length > 0 && window.__posted.some((m) => m.type === 'rendered' && m.snapshot.total === ${outcomes.length})`);
  await page.evaluate(`new Promise((r) => requestAnimationFrame(() => setTimeout(r, 200)))`);
  return page;
}
