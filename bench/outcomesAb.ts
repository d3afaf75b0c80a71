// Interleaved A/B of two outcome-panel front ends (two `webview-ui` folders) scrolling the benchmark's 10,000
// outcomes: the same data, viewport, browser and scroll as bench/outcomes.bench.ts, the two builds alternating page by
// page in the same minute, so the machine's drifting speed hits both alike. Per page and mode it measures
// (1) the benchmark's scroll (120 frames of 480 px, turning at the ends) with a Chromium trace: renderer main-thread
//     CPU per frame, split by phase (style, layout, paint, pre-paint, layerize, script), and the p95 frame;
// (2) 300 synchronous steps of 480 px: the list's scroll handler and animation frame run at once, then a forced
//     style + layout, timed with performance.now: the main-thread cost of one step's script, style and layout.
// Run: npx tsx bench/outcomesAb.ts --v A=<webview-ui dir> --v B=<webview-ui dir>[::<extra css>] ... [--rounds 4]
// (an old front end: `git archive <rev> webview-ui src/protocol | tar -x -C /tmp/old`, then --v A=/tmp/old/webview-ui).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTrace } from './chromeTrace';
import { benchSummaries, buildHarnessPage, launchChromium, openList } from './outcomesHarness';

const arg = (name: string, fallback?: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1] !== undefined) return process.argv[i + 1];
  if (fallback === undefined) throw new Error(`--${name} is required`);
  return fallback;
};
/** Mean of the middle 80%: performance.now is coarse (0.1 ms) in a page, so a median of steps would be too. */
const trimmedMean = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b).slice(Math.floor(xs.length * 0.1), Math.ceil(xs.length * 0.9));
  return s.reduce((a, b) => a + b, 0) / s.length;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const phases: Record<string, string> = {
  UpdateLayoutTree: 'style', Layout: 'layout', Paint: 'paint', PrePaint: 'prepaint', Layerize: 'layerize',
  FunctionCall: 'script', TimerFire: 'script', FireAnimationFrame: 'script', EventDispatch: 'script', Commit: 'commit',
};

interface Sample { cpu: number; p95: number; split: Record<string, number>; step: number; stepStyleLayout: number }

async function main(): Promise<void> {
  const rounds = Number(arg('rounds', '4'));
  // Each variant: --v 'name=<webview-ui dir>' or --v 'name=<dir>::<extra css>', two or more.
  const variants = process.argv.flatMap((a, i) => (a === '--v' ? [process.argv[i + 1]] : [])).map((spec) => {
    const [name, rest] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
    const [dir, css = ''] = rest.split('::');
    return { name, dir, css };
  });
  if (variants.length < 2) throw new Error('give two variants or more: --v A=<dir> --v B=<dir>::<css>');
  const root = mkdtempSync(join(tmpdir(), 'promptops-outcomes-ab-'));
  try {
    const outcomes = await benchSummaries(root);
    const pages = new Map<string, string>();
    for (const v of variants) pages.set(v.name, await buildHarnessPage(v.dir, join(root, v.name), v.css));
    const browser = await launchChromium();
    const results: Record<string, Record<string, Sample[]>> = Object.fromEntries(variants.map((v) => [v.name, { latest: [], history: [] }]));
    for (const v of variants) console.log(`${v.name} = ${v.dir} ${v.css}`);
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? variants : [...variants].reverse(); // alternate who goes first
      for (const v of order) {
        for (const mode of ['latest', 'history'] as const) {
          const page = await openList(browser, pages.get(v.name) as string, outcomes, mode);
          const trace = await startTrace(page, 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline');
          const frames = await page.evaluate<number[]>(`(async () => {
            const viewport = document.querySelector('.viewport'); const times = []; let last = performance.now(); let step = 480;
            for (let f = 0; f < 120; f++) {
              const max = viewport.scrollHeight - viewport.clientHeight;
              if (viewport.scrollTop + step > max || viewport.scrollTop + step < 0) step = -step;
              viewport.scrollTop += step;
              await new Promise((r) => requestAnimationFrame(r));
              const now = performance.now(); times.push(now - last); last = now;
            }
            return times;
          })()`);
          const t = await trace.stop();
          let cpu = 0;
          const split: Record<string, number> = {};
          for (const e of t.events) {
            if (e.ph !== 'X' || e.tdur === undefined || !t.onMainThread(e)) continue;
            if (e.name === t.topTask) cpu += e.tdur / 1000;
            const phase = phases[e.name];
            if (phase) split[phase] = (split[phase] ?? 0) + e.tdur / 1000 / frames.length;
          }
          // (2) synchronous steps: scroll, the list's scroll handler and frame at once, then a forced style + layout.
          const steps = await page.evaluate<number[]>(`(() => {
            const viewport = document.querySelector('.viewport'); const out = []; let step = 480; window.__sync = true;
            for (let f = 0; f < 300; f++) {
              const max = viewport.scrollHeight - viewport.clientHeight;
              if (viewport.scrollTop + step > max || viewport.scrollTop + step < 0) step = -step;
              const t0 = performance.now();
              viewport.scrollTop += step;
              viewport.dispatchEvent(new Event('scroll'));
              const cbs = window.__raf.splice(0); for (const cb of cbs) cb(t0);
              const t1 = performance.now();
              void document.body.getBoundingClientRect(); void viewport.querySelector('.row').offsetWidth;
              const t2 = performance.now();
              out.push(t2 - t0, t2 - t1);
            }
            window.__sync = false;
            return out;
          })()`);
          const total = steps.filter((_, i) => i % 2 === 0);
          const styleLayout = steps.filter((_, i) => i % 2 === 1);
          results[v.name][mode].push({ cpu: cpu / frames.length, p95: pct(frames, 0.95), split, step: trimmedMean(total), stepStyleLayout: trimmedMean(styleLayout) });
          await page.close();
        }
      }
    }
    await browser.close();
    for (const mode of ['latest', 'history'] as const) {
      for (const v of variants) {
        const s = results[v.name][mode];
        const keys = ['style', 'layout', 'paint', 'prepaint', 'layerize', 'script', 'commit'];
        const split = keys.map((k) => `${k} ${median(s.map((x) => x.split[k] ?? 0)).toFixed(2)}`).join(', ');
        console.log(`${mode} ${v.name}: main CPU/frame ${median(s.map((x) => x.cpu)).toFixed(2)} ms (${s.map((x) => x.cpu.toFixed(1)).join(' ')}); p95 ${median(s.map((x) => x.p95)).toFixed(1)} ms; ${split}; sync step ${median(s.map((x) => x.step)).toFixed(3)} ms (${s.map((x) => x.step.toFixed(2)).join(' ')}), of which style+layout ${median(s.map((x) => x.stepStyleLayout)).toFixed(3)}`);
      }
    }
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
