// Paired in-page comparison of CSS variants of the outcome list (one build): in one page, blocks of 10 synchronous
// 480 px scroll steps (the list's scroll handler and frame run at once, then a forced style + layout) alternate between
// the variants, so the machine's drifting speed hits all alike. Prints per variant the trimmed mean per step of the
// script (row filling) and of the style + layout that follows.
// Run: npx tsx bench/outcomesPaired.ts [--dir webview-ui] [--mode latest|history] --v 'name=css' ...
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ListMode } from '../src/protocol/outcomes';
import { benchSummaries, buildHarnessPage, launchChromium, openList } from './outcomesHarness';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};

async function main(): Promise<void> {
  const variants = [{ name: 'base', css: '' }, ...process.argv.flatMap((a, i) => (a === '--v' ? [process.argv[i + 1]] : [])).map((spec) => ({ name: spec.slice(0, spec.indexOf('=')), css: spec.slice(spec.indexOf('=') + 1) }))];
  const dir = arg('dir', 'webview-ui');
  const modes = arg('mode', 'latest,history').split(',').map((m): ListMode => {
    if (m !== 'latest' && m !== 'history') throw new Error(`--mode takes latest, history or both, got "${m}"`);
    return m;
  });
  const blocks = Number(arg('blocks', '60'));
  const root = mkdtempSync(join(tmpdir(), 'promptops-outcomes-paired-'));
  try {
    const outcomes = await benchSummaries(root);
    const pagePath = await buildHarnessPage(dir, join(root, 'page'));
    const browser = await launchChromium();
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const mode of modes) {
      const page = await openList(browser, pagePath, outcomes, mode);
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
