// Paired in-page comparison of CSS variants of the outcome list (one build): in one page, blocks of 10 synchronous
// 480 px scroll steps (the list's scroll handler and frame run at once, then a forced style + layout) alternate between
// the variants, so the machine's drifting speed hits all alike. Prints per variant the trimmed mean per step of the
// script (row filling) and of the style + layout that follows.
// Run: npx tsx bench/outcomesPaired.ts [--dir webview-ui] [--mode latest|history] --v 'name=css' ...
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { silentLogger, systemClock } from '../src/core/io';
import { openStore } from '../src/core/store/store';
import { toSummary } from '../src/extension/outcomes/model';
import type { OutcomeSummary } from '../src/protocol/outcomes';
import { benchRecords } from './outcomesFixture';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};

async function main(): Promise<void> {
  const variants = [{ name: 'base', css: '' }, ...process.argv.flatMap((a, i) => (a === '--v' ? [process.argv[i + 1]] : [])).map((spec) => ({ name: spec.slice(0, spec.indexOf('=')), css: spec.slice(spec.indexOf('=') + 1) }))];
  const dir = arg('dir', 'webview-ui');
  const modes = arg('mode', 'latest,history').split(',');
  const blocks = Number(arg('blocks', '60'));
  const root = mkdtempSync(join(tmpdir(), 'promptops-outcomes-paired-'));
  try {
    const ws = join(root, 'ws');
    const storeDir = join(ws, '.promptops');
    const writer = await openStore({ dir: storeDir, logger: silentLogger, clock: systemClock, workspaceRoot: ws });
    await writer.append(benchRecords('support.prompt', 250, 20));
    await writer.close();
    const store = await openStore({ dir: storeDir, logger: silentLogger, clock: systemClock, workspaceRoot: ws });
    const outcomes: OutcomeSummary[] = (await store.summariesOf(join(ws, 'support.prompt'))).map((r) => toSummary(r, (p) => join(ws, p)));
    await store.close();
    const out = join(root, 'page');
    mkdirSync(out, { recursive: true });
    await esbuild.build({ entryPoints: [join(dir, 'outcomes', 'main.ts')], outfile: join(out, 'outcomes.js'), bundle: true, minify: true, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'warning' });
    writeFileSync(join(out, 'page.html'), `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="outcomes.css"><style id="variant"></style></head><body>
<script>window.__posted=[];window.__raf=[];const raf=window.requestAnimationFrame.bind(window);
window.requestAnimationFrame=(cb)=>{if(window.__sync){window.__raf.push(cb);return 1;}return raf(cb);};
window.acquireVsCodeApi=()=>({postMessage:(m)=>window.__posted.push(m),getState:()=>undefined,setState:()=>{}});</script>
<script src="outcomes.js"></script></body></html>`);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const mode of modes) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
      await page.goto(`file://${join(out, 'page.html')}`);
      await page.waitForFunction(`window.__posted.some((m) => m.type === 'ready')`);
      if (mode === 'history') await page.evaluate(`window.postMessage({ type: 'applyFilters', filters: {}, mode: 'history' }, '*')`);
      await page.evaluate((o: unknown) => { Object.assign(globalThis, { benchOutcomes: o }); }, outcomes as unknown);
      await page.evaluate(`window.postMessage({ type: 'outcomes', scope: { kind: 'prompt', promptPath: '/ws/support.prompt', promptLabel: 'support.prompt' }, outcomes: window.benchOutcomes, loadId: 1, remaining: 0 }, '*')`);
      await page.waitForFunction(`document.querySelectorAll('.layer .row').length > 0 && window.__posted.some((m) => m.type === 'rendered' && m.snapshot.total === ${outcomes.length})`);
      await page.evaluate(`new Promise((r) => requestAnimationFrame(() => setTimeout(r, 200)))`);
      const res = await page.evaluate<Record<string, [number, number]>>(`((variants, blocks) => {
        const viewport = document.querySelector('.viewport'); const style = document.getElementById('variant');
        const script = variants.map(() => []), layout = variants.map(() => []); let step = 480; window.__sync = true;
        const one = () => {
          const max = viewport.scrollHeight - viewport.clientHeight;
          if (viewport.scrollTop + step > max || viewport.scrollTop + step < 0) step = -step;
          const t0 = performance.now();
          viewport.scrollTop += step;
          viewport.dispatchEvent(new Event('scroll'));
          for (const cb of window.__raf.splice(0)) cb(t0);
          const t1 = performance.now();
          void document.body.getBoundingClientRect(); void viewport.querySelector('.row').offsetWidth;
          return [t1 - t0, performance.now() - t1];
        };
        for (let b = 0; b < blocks * variants.length; b++) {
          const k = b % variants.length;
          style.textContent = variants[k].css;
          one();
          for (let s = 0; s < 10; s++) { const [a, c] = one(); script[k].push(a); layout[k].push(c); }
        }
        window.__sync = false;
        const tm = (xs) => { const s = [...xs].sort((a, b) => a - b).slice(Math.floor(xs.length * 0.1), Math.ceil(xs.length * 0.9)); return s.reduce((a, b) => a + b, 0) / s.length; };
        return Object.fromEntries(variants.map((v, k) => [v.name, [tm(script[k]), tm(layout[k])]]));
      })(${JSON.stringify(variants)}, ${blocks})`);
      for (const [name, [s, l]] of Object.entries(res)) console.log(`${mode} ${name}: script ${s.toFixed(3)} ms, style+layout ${l.toFixed(3)} ms, sum ${(s + l).toFixed(3)}`);
      await page.close();
    }
    await browser.close();
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
