// The outcome panel and the version diff in the session's colour theme (light in the main e2e session; dark, high
// contrast and high contrast light in sessions of their own, see runner/sessions.ts). Beyond the screenshots, each
// test checks what makes a theme work: the webview is told the theme's kind, its page takes its colours from the
// theme's variables, the background is as light or dark as the theme, the text on it is readable (WCAG contrast),
// and keyboard focus shows as an outline in the theme's focus colour (WCAG 3:1 for non-text contrast).
// Screenshots: theme-outcomes-<theme>.png, theme-outcome-detail-<theme>.png and theme-diff-<theme>.png.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { silentLogger, systemClock } from '../../../src/core/io';
import { defaultStoreDir, openStore } from '../../../src/core/store/store';
import type { RunRecord } from '../../../src/core/store/types';
import { decodePng, runsAlong, strongest } from '../helpers/png';
import { e2e } from '../helpers/session';
import { webviewContent } from '../helpers/webview';
import { openByQuickOpen, runCommand } from '../helpers/workbench';

const outcomesPrompt = 'theme-outcomes.prompt';
const diffFolder = 'theme-diff';
const diffPrompt = 'theme-compare.prompt';
const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const v1 = '---\nmodel: openai/gpt-4o-mini\ntests:\n  - name: refund\n---\nAnswer briefly and politely.\n';
const v2 = v1.replace('briefly and politely', 'in detail and politely');

function record(n: number, over: Partial<RunRecord>): RunRecord {
  return {
    id: `theme-${n}`, runId: 'theme-run', time: Date.now() - (5 - n) * 60_000, tool: 'cli', promptPath: outcomesPrompt,
    promptHash: 'c'.repeat(64), snapshot: 'c'.repeat(64), testName: 'refund', caseId: 'refund › openai/gpt-4o-mini', vars: {},
    provider: 'openai', model: 'gpt-4o-mini', endpoint: 'http://127.0.0.1:9/v1', messages: [{ role: 'user', content: [{ text: 'Refund?' }] }],
    output: 'Yes, within 30 days.', pass: true, score: 1, assertions: [{ type: 'contains', pass: true, score: 1, reason: 'contains "30 days"', weight: 1, range }],
    latencyMs: 300, usage: { totalTokens: 40 }, costUsd: 0.00002, cached: false, repeatIndex: 0, ...over,
  };
}

/** The status colours' theme variables, with the fallbacks outcomes.css gives them (resolved as `var(…)`). */
const passedBase = '--vscode-testing-iconPassed, var(--vscode-charts-green)';
const failedBase = '--vscode-testing-iconFailed, var(--vscode-errorForeground)';

interface Rgb { r: number; g: number; b: number; a: number }

function parseRgb(css: string): Rgb {
  const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(css);
  if (m) return { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]), a: m[4] === undefined ? 1 : Number(m[4]) };
  // What the browser computes for color-mix(in srgb, …): channels from 0 to 1.
  const c = /color\(srgb\s+([\d.e-]+)\s+([\d.e-]+)\s+([\d.e-]+)(?:\s*\/\s*([\d.]+))?\)/.exec(css);
  if (c) return { r: Number(c[1]) * 255, g: Number(c[2]) * 255, b: Number(c[3]) * 255, a: c[4] === undefined ? 1 : Number(c[4]) };
  throw new Error(`not an rgb() or color(srgb) colour: ${css}`);
}

/** True when `c` is a mix of `a` and `b` (each channel between theirs): a colour derived from those two variables. */
function between(c: Rgb, a: Rgb, b: Rgb): boolean {
  const within = (x: number, y: number, z: number): boolean => x >= Math.min(y, z) - 1 && x <= Math.max(y, z) + 1;
  return within(c.r, a.r, b.r) && within(c.g, a.g, b.g) && within(c.b, a.b, b.b);
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
function luminance({ r, g, b }: Rgb): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

interface Painted {
  bodyClass: string;
  bodyColor: string;
  bodyBackground: string;
  /** The theme variables resolved to rgb() by the browser. */
  vars: Record<string, string>;
  /** Visible text samples: their colour and the first opaque background behind them. */
  texts: { text: string; color: string; background: string }[];
}

// A string, not a function: tsx would wrap a function with helpers that do not exist inside the page.
const paintedScript = (selector: string, vars: readonly string[]): string => `(() => {
  const resolve = (name) => {
    const probe = document.createElement('div');
    probe.style.color = 'var(' + name + ')';
    document.body.appendChild(probe);
    const value = getComputedStyle(probe).color;
    probe.remove();
    return value;
  };
  const opaqueBackground = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      const m = /rgba?\\(([^)]*)\\)/.exec(bg);
      const alpha = m && m[1].split(',').length === 4 ? Number(m[1].split(',')[3]) : 1;
      if (m && alpha === 1) return bg;
    }
    return getComputedStyle(document.body).backgroundColor;
  };
  const texts = [];
  for (const el of document.querySelectorAll(${JSON.stringify(selector)})) {
    const text = (el.innerText || '').trim();
    const box = el.getBoundingClientRect();
    if (!text || box.width === 0 || box.height === 0) continue;
    texts.push({ text: text.slice(0, 40), color: getComputedStyle(el).color, background: opaqueBackground(el) });
    if (texts.length >= 40) break;
  }
  const vars = {};
  for (const name of ${JSON.stringify(vars)}) vars[name] = resolve(name);
  const body = getComputedStyle(document.body);
  return { bodyClass: document.body.className, bodyColor: body.color, bodyBackground: body.backgroundColor, vars, texts };
})()`;

async function painted(frame: FrameLocator, selector: string, vars: readonly string[]): Promise<Painted> {
  const value: unknown = await frame.locator('body').evaluate(paintedScript(selector, vars));
  return value as Painted;
}

const isLightTheme = (): boolean => e2e().theme.name === 'light' || e2e().theme.name === 'high-contrast-light';
const isHighContrast = (): boolean => e2e().theme.name === 'high-contrast' || e2e().theme.name === 'high-contrast-light';

/** The checks every themed webview must pass; `background` and `foreground` name the variables its CSS uses. */
function assertThemed(p: Painted, background: string, foreground: string): void {
  const { theme } = e2e();
  const classes = p.bodyClass.split(/\s+/);
  assert.ok(classes.includes(theme.webviewClass), `the webview is told the ${theme.name} theme: body class "${p.bodyClass}"`);
  if (theme.name !== 'high-contrast-light') assert.ok(!classes.includes('vscode-high-contrast-light'), `not told a light high-contrast theme: "${p.bodyClass}"`);
  assert.equal(p.bodyBackground, p.vars[background], `the page background is ${background}`);
  assert.equal(p.bodyColor, p.vars[foreground], `the text colour is ${foreground}`);
  const bg = parseRgb(p.bodyBackground);
  if (isLightTheme()) assert.ok(luminance(bg) > 0.6, `a light background (luminance ${luminance(bg).toFixed(2)} of ${p.bodyBackground})`);
  else assert.ok(luminance(bg) < 0.1, `a dark background (luminance ${luminance(bg).toFixed(2)} of ${p.bodyBackground})`);
  assert.ok(p.texts.length > 0, 'there is text to check');
  // WCAG AA for body text; high-contrast themes promise AAA.
  const needed = isHighContrast() ? 7 : 4.5;
  const poor = p.texts
    .map((t) => ({ ...t, ratio: contrast(parseRgb(t.color), parseRgb(t.background)) }))
    .filter((t) => t.ratio < needed);
  assert.deepEqual(poor.map((t) => `"${t.text}" ${t.color} on ${t.background}: ${t.ratio.toFixed(2)}:1`), [], `every sampled text reaches ${needed}:1`);
}

/** The outline of the element that has keyboard focus in the webview, and the theme's focus colour. */
async function focusOutline(frame: FrameLocator): Promise<{ focused: string; focusVisible: boolean; style: string; width: number; color: string; focusBorder: string }> {
  const value: unknown = await frame.locator('body').evaluate(`(() => {
    const probe = document.createElement('div');
    probe.style.color = 'var(--vscode-focusBorder)';
    document.body.appendChild(probe);
    const focusBorder = getComputedStyle(probe).color;
    probe.remove();
    const el = document.activeElement;
    if (!el || el === document.body) return { focused: 'nothing', focusVisible: false, style: 'none', width: 0, color: '', focusBorder };
    const cs = getComputedStyle(el);
    return { focused: el.tagName.toLowerCase() + '.' + el.className, focusVisible: el.matches(':focus-visible'), style: cs.outlineStyle,
      width: parseFloat(cs.outlineWidth), color: cs.outlineColor, focusBorder };
  })()`);
  return value as { focused: string; focusVisible: boolean; style: string; width: number; color: string; focusBorder: string };
}

/** Keyboard focus is visible: an outline of at least 1 px in the theme's focus colour, 3:1 against the background. */
async function assertFocusVisible(frame: FrameLocator, what: string, background: string): Promise<void> {
  const f = await focusOutline(frame);
  assert.ok(f.focusVisible, `${what} has keyboard focus (:focus-visible); focused: ${f.focused}`);
  assert.ok(f.style !== 'none' && f.width >= 1, `${what} shows a focus outline: ${f.style} ${f.width}px`);
  assert.equal(f.color, f.focusBorder, `${what}'s focus outline is the theme's focusBorder colour`);
  const ratio = contrast(parseRgb(f.color), parseRgb(background));
  assert.ok(ratio >= 3, `${what}'s focus outline ${f.color} on ${background}: ${ratio.toFixed(2)}:1, needs 3:1`);
}

/** Opens the outcome panel on the theme prompt, waits for its rows and maximizes the panel (the caller restores it). */
async function openOutcomesMaximized(page: Page): Promise<FrameLocator> {
  await openByQuickOpen(page, outcomesPrompt);
  await runCommand(page, 'PromptOps: Show Outcomes');
  const frame = await webviewContent(page);
  await frame.locator('.layer .row', { hasText: 'tone' }).waitFor({ timeout: 20_000 });
  await runCommand(page, 'View: Toggle Maximized Panel');
  return frame;
}

/** Picks a colour theme as a user does: Ctrl+K Ctrl+T, type its name as the picker shows it, Enter. */
async function chooseColorTheme(page: Page, label: string): Promise<void> {
  // From the workbench, not the webview's frame, which could keep the keys.
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(label);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).first().waitFor({ state: 'visible' });
  await input.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function workbenchClasses(page: Page): Promise<string[]> {
  return ((await page.locator('.monaco-workbench').first().getAttribute('class')) ?? '').split(/\s+/);
}

describe(`webviews in the ${e2e().theme.name} theme`, () => {
  before(async () => {
    const { page, workspace, theme } = e2e();
    // The workbench can paint with its default theme first and apply the configured one a moment later (seen
    // under load with high contrast), so wait for the theme rather than read the first frame.
    const applied = await page.locator(`.monaco-workbench.${theme.workbenchClass}`).first().waitFor({ timeout: 30_000 }).then(() => true, () => false);
    assert.ok(applied, `the workbench runs ${theme.colorTheme}: classes "${(await workbenchClasses(page)).join(' ')}"`);
    writeFileSync(join(workspace, outcomesPrompt), '---\nmodel: openai/gpt-4o-mini\ntests:\n  - name: refund\n  - name: tone\n---\nHelp the customer.\n');
    const store = await openStore({ dir: defaultStoreDir(workspace), logger: silentLogger, clock: systemClock, workspaceRoot: workspace });
    if ((await store.recordsOf(join(workspace, outcomesPrompt))).length === 0) {
      await store.append([
        record(1, {}),
        record(2, {}),
        record(3, { id: 'theme-3', testName: 'tone', caseId: 'tone › openai/gpt-4o-mini', pass: false, score: 0, output: 'No.', assertions: [{ type: 'contains', pass: false, score: 0, reason: 'expected "sorry" in "No."', weight: 1, range }] }),
      ]);
    }
    await store.close();
    const dir = join(workspace, diffFolder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, diffPrompt), v1);
    const env = { ...process.env, GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@example.invalid', GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@example.invalid' };
    execFileSync('git', ['init', '--quiet'], { cwd: dir, env });
    execFileSync('git', ['add', diffPrompt], { cwd: dir, env });
    execFileSync('git', ['commit', '--quiet', '-m', 'brief'], { cwd: dir, env });
    writeFileSync(join(dir, diffPrompt), v2);
  });

  it('the outcome panel takes its colours from the theme and its text is readable', async () => {
    const { page, screenshotsDir, theme } = e2e();
    const frame = await openOutcomesMaximized(page);
    try {
      const p = await painted(frame, '.layer .row .cell, .summary', ['--vscode-panel-background', '--vscode-foreground', '--vscode-testing-iconPassed', '--vscode-testing-iconFailed', '--vscode-descriptionForeground']);
      assertThemed(p, '--vscode-panel-background', '--vscode-foreground');
      assert.ok(p.texts.some((t) => t.text.includes('refund')), 'the rows were sampled');
      assert.ok(p.texts.some((t) => t.text.includes('gpt-4o-mini')), 'the model (a field of the figures run) was sampled');
      // The ✓/✗ glyphs are drawn (rowAtlas.ts), read off the screen: WCAG AA (4.5:1) on the row, like text, in a colour
      // made from the theme's testing colour and its text colour (VS Code's testing colours alone are too pale for text
      // in light themes: ✓ was 1.88:1).
      const foreground = parseRgb(p.vars['--vscode-foreground']);
      const background = parseRgb(p.bodyBackground);
      const rowBackground = [background.r, background.g, background.b];
      // The variables with the fallbacks outcomes.css gives them (high-contrast themes define no testing colours).
      const bases = await painted(frame, '.summary', [passedBase, failedBase]);
      const glyphColours: string[] = [];
      for (const [test, base] of [['refund', passedBase], ['tone', failedBase]] as const) {
        const shot = decodePng(await frame.locator('.layer .row', { hasText: test }).locator('.cell.status').screenshot());
        // Not the cell's top and bottom pixel rows, where a high-contrast theme outlines a row.
        const glyph = strongest(shot, 0, 2, shot.width, shot.height - 2, rowBackground);
        assert.ok(glyph && glyph.count >= 4, `the ${test} row's status glyph is drawn in solid strokes: ${JSON.stringify(glyph)}`);
        const colour = `rgb(${glyph.rgb.join(', ')})`;
        const ratio = contrast(parseRgb(colour), background);
        assert.ok(ratio >= 4.5, `the ${test} row's glyph ${colour} on ${p.bodyBackground}: ${ratio.toFixed(2)}:1, needs 4.5:1`);
        assert.ok(between(parseRgb(colour), parseRgb(bases.vars[base]), foreground), `the ${test} row's glyph ${colour} is made from var(${base}) ${bases.vars[base]} and the text colour`);
        glyphColours.push(colour);
      }
      assert.notEqual(glyphColours[0], glyphColours[1], 'pass and failure differ in colour');
      // The trend's bars are graphics (a bitmap, see rowAtlas.ts), read off the screen: refund's two passed runs are
      // two bars in the passed colour, 3:1 against the row.
      const trend = decodePng(await frame.locator('.layer .row', { hasText: 'refund' }).locator('.cell.trend').screenshot());
      const scale = trend.height / 24;
      const runs = runsAlong(trend, Math.floor(18.5 * scale), 0, Math.round(60 * scale), trend.at(Math.round(62 * scale), 1));
      assert.equal(runs.length, 2, `two bars in the refund row's trend: ${JSON.stringify(runs)}`);
      const bars = `rgb(${runs[0].rgb.join(', ')})`;
      assert.deepEqual(runs[1].rgb, runs[0].rgb, 'both bars are in the passed colour');
      const barRatio = contrast(parseRgb(bars), parseRgb(p.bodyBackground));
      assert.ok(barRatio >= 3, `the passed trend bars ${bars} on ${p.bodyBackground}: ${barRatio.toFixed(2)}:1, needs 3:1`);
      assert.ok(between(parseRgb(bars), parseRgb(bases.vars[passedBase]), foreground), `the passed trend bars ${bars} are made from var(${passedBase}) ${bases.vars[passedBase]} and the text colour`);
      // The pass rate after the bars is drawn too, readable as text is: in the theme's description colour (as painted
      // on the background: it is often translucent), or in high contrast, where that colour is too faint for 7:1, in
      // the theme's text colour.
      const rate = strongest(trend, Math.round(64 * scale), 0, trend.width, trend.height, rowBackground);
      assert.ok(rate && rate.count >= 4, `the pass rate is drawn after the bars: ${JSON.stringify(rate)}`);
      const rateColour = `rgb(${rate.rgb.join(', ')})`;
      const described = parseRgb(p.vars['--vscode-descriptionForeground']);
      const onBackground = (c: Rgb): Rgb => ({ r: c.a * c.r + (1 - c.a) * background.r, g: c.a * c.g + (1 - c.a) * background.g, b: c.a * c.b + (1 - c.a) * background.b, a: 1 });
      const expectedRate = isHighContrast() ? foreground : onBackground(described);
      assert.ok(between(parseRgb(rateColour), expectedRate, expectedRate),
        `the pass rate ${rateColour} is the theme's ${isHighContrast() ? `foreground ${p.vars['--vscode-foreground']}` : `descriptionForeground ${p.vars['--vscode-descriptionForeground']}`} on its background`);
      const rateRatio = contrast(parseRgb(rateColour), background);
      assert.ok(rateRatio >= (isHighContrast() ? 7 : 4.5), `the pass rate ${rateColour} on ${p.bodyBackground}: ${rateRatio.toFixed(2)}:1`);
      // By keyboard: the list shows its focus in the theme's focus colour, and the selected row stays readable.
      await frame.locator('.viewport').focus();
      await page.keyboard.press('Home');
      await frame.locator('.layer .row.selected').waitFor();
      await assertFocusVisible(frame, 'the outcome list', p.bodyBackground);
      const selected = await painted(frame, '.layer .row.selected .cell.test', ['--vscode-contrastActiveBorder', '--vscode-list-activeSelectionBackground']);
      assert.equal(selected.texts.length, 1, `one selected row: ${JSON.stringify(selected.texts)}`);
      const sel = selected.texts[0];
      const selRatio = contrast(parseRgb(sel.color), parseRgb(sel.background));
      assert.ok(selRatio >= (isHighContrast() ? 7 : 4.5), `the selected row's text ${sel.color} on ${sel.background}: ${selRatio.toFixed(2)}:1`);
      // The selected row's glyph is drawn in the selection's text colour (the status colours are not made for the
      // selection's background), and so is as readable as its text.
      const selBg = parseRgb(sel.background);
      const selShot = decodePng(await frame.locator('.layer .row.selected .cell.status').screenshot());
      const selGlyph = strongest(selShot, 2, 2, selShot.width, selShot.height - 2, [selBg.r, selBg.g, selBg.b]);
      assert.ok(selGlyph && selGlyph.count >= 4, `the selected row's glyph is drawn: ${JSON.stringify(selGlyph)}`);
      assert.ok(between(parseRgb(`rgb(${selGlyph.rgb.join(', ')})`), parseRgb(sel.color), parseRgb(sel.color)), `the selected row's glyph rgb(${selGlyph.rgb.join(', ')}) is the selection's text colour ${sel.color}`);
      if (isHighContrast()) {
        // High-contrast themes mark the selection with a border of their own colour rather than a fill.
        const outline = await frame.locator('.layer .row.selected').evaluate<{ style: string; color: string }, unknown>(
          `(() => { const cs = getComputedStyle(document.querySelector('.layer .row.selected')); return { style: cs.outlineStyle, color: cs.outlineColor }; })()`);
        assert.notEqual(outline.style, 'none', 'the selected row is outlined');
        assert.equal(outline.color, selected.vars['--vscode-contrastActiveBorder'], 'in the theme\'s contrastActiveBorder colour');
        const ratio = contrast(parseRgb(outline.color), parseRgb(p.bodyBackground));
        assert.ok(ratio >= 3, `the selection outline ${outline.color} on ${p.bodyBackground}: ${ratio.toFixed(2)}:1, needs 3:1`);
      }
      await page.screenshot({ path: join(screenshotsDir, `theme-outcomes-${theme.name}.png`) });
    } finally {
      await runCommand(page, 'View: Toggle Maximized Panel');
    }
  });

  it('the outcome detail takes its colours from the theme, its text is readable and keyboard focus shows', async () => {
    const { page, screenshotsDir, theme } = e2e();
    const frame = await openOutcomesMaximized(page);
    try {
      // By keyboard: the failed 'tone' row is the last of the two, Enter opens it and focus lands on its Back button.
      await frame.locator('.viewport').focus();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await frame.locator('.detail h2', { hasText: 'tone' }).waitFor({ timeout: 20_000 });
      const p = await painted(frame, '.detail h2, .detail .facts dt, .detail .facts dd, .detail .assertions li, .detail .message pre, .detail .detail-section h3',
        ['--vscode-panel-background', '--vscode-foreground']);
      assertThemed(p, '--vscode-panel-background', '--vscode-foreground');
      assert.ok(p.texts.some((t) => t.text.includes('expected "sorry"')), `the failed assertion was sampled: ${JSON.stringify(p.texts.map((t) => t.text))}`);
      // The status badge and the failed assertion's reason are text in the failure colour, made from the theme's.
      const failed = await painted(frame, '.detail .badge.failed, .detail .assertions .failed .reason', []);
      assert.equal(failed.texts.length, 2, `the badge and the reason were sampled: ${JSON.stringify(failed.texts)}`);
      const bases = await painted(frame, '.detail h2', [failedBase]);
      const needed = isHighContrast() ? 7 : 4.5;
      for (const t of failed.texts) {
        const ratio = contrast(parseRgb(t.color), parseRgb(t.background));
        assert.ok(ratio >= needed, `"${t.text}" ${t.color} on ${t.background}: ${ratio.toFixed(2)}:1, needs ${needed}:1`);
        assert.ok(between(parseRgb(t.color), parseRgb(bases.vars[failedBase]), parseRgb(p.vars['--vscode-foreground'])), `"${t.text}" ${t.color} is made from var(${failedBase}) ${bases.vars[failedBase]} and the text colour`);
      }
      // Tab moves on to the next action: each focused control shows the theme's focus outline.
      await assertFocusVisible(frame, 'the Back button', p.bodyBackground);
      await page.keyboard.press('Tab');
      await assertFocusVisible(frame, 'the next action button', p.bodyBackground);
      await page.screenshot({ path: join(screenshotsDir, `theme-outcome-detail-${theme.name}.png`) });
      await page.keyboard.press('Escape');
      await frame.locator('.viewport').waitFor({ state: 'visible' });
    } finally {
      await runCommand(page, 'View: Toggle Maximized Panel');
    }
  });

  // A user who changes colour theme mid-session sees the trend bars redrawn in the new theme's colours: they are a
  // bitmap drawn with colours read from CSS (rowAtlas.ts), so unlike text they do not follow the theme by themselves.
  // Once, in the light session: it switches to Default Dark Modern the way a user does and back again.
  if (e2e().theme.name === 'light') {
    it('the outcome list\'s trend bars are redrawn in the new theme\'s colours when the colour theme changes', async function () {
      // Two theme switches, each repainting the whole workbench, on a loaded machine.
      this.timeout(180_000);
      const { page, screenshotsDir } = e2e();
      const frame = await openOutcomesMaximized(page);
      const bars = async (): Promise<{ runs: ReturnType<typeof runsAlong>; p: Painted }> => {
        const shot = decodePng(await frame.locator('.layer .row', { hasText: 'refund' }).locator('.cell.trend').screenshot());
        const scale = shot.height / 24;
        const runs = runsAlong(shot, Math.floor(18.5 * scale), 0, Math.round(60 * scale), shot.at(Math.round(62 * scale), 1));
        return { runs, p: await painted(frame, '.summary', [passedBase, '--vscode-foreground']) };
      };
      try {
        const before = await bars();
        assert.equal(before.runs.length, 2, `two bars before the switch: ${JSON.stringify(before.runs)}`);
        await chooseColorTheme(page, 'Dark Modern');
        await page.locator('.monaco-workbench.vs-dark').first().waitFor({ timeout: 30_000 });
        await frame.locator('body.vscode-dark').waitFor({ timeout: 30_000 });
        // The redraw follows the theme's variables within a frame or two; wait a little for it, then judge.
        let after = await bars();
        const fits = (b: typeof after): boolean => b.runs.length === 2
          && between(parseRgb(`rgb(${b.runs[0].rgb.join(', ')})`), parseRgb(b.p.vars[passedBase]), parseRgb(b.p.vars['--vscode-foreground']))
          && luminance(parseRgb(b.p.bodyBackground)) < 0.1;
        for (let i = 0; i < 8 && !fits(after); i++) {
          await page.waitForTimeout(250);
          after = await bars();
        }
        await page.screenshot({ path: join(screenshotsDir, 'theme-outcomes-switched-to-dark.png') });
        assert.equal(after.runs.length, 2, `two bars after the switch: ${JSON.stringify(after.runs)}`);
        const colour = `rgb(${after.runs[0].rgb.join(', ')})`;
        assert.notDeepEqual(after.runs[0].rgb, before.runs[0].rgb, `the bars changed colour with the theme (still ${colour})`);
        assert.ok(between(parseRgb(colour), parseRgb(after.p.vars[passedBase]), parseRgb(after.p.vars['--vscode-foreground'])),
          `the bars ${colour} are made from the dark theme's var(${passedBase}) ${after.p.vars[passedBase]} and its text colour ${after.p.vars['--vscode-foreground']}`);
        const ratio = contrast(parseRgb(colour), parseRgb(after.p.bodyBackground));
        assert.ok(ratio >= 3, `the bars ${colour} on the dark background ${after.p.bodyBackground}: ${ratio.toFixed(2)}:1, needs 3:1`);
      } finally {
        await chooseColorTheme(page, 'Light Modern');
        await page.locator(`.monaco-workbench.${e2e().theme.workbenchClass}`).first().waitFor({ timeout: 30_000 });
        await runCommand(page, 'View: Toggle Maximized Panel');
      }
    });
  }

  it('the version diff takes its colours from the theme and its text is readable', async () => {
    const { page, screenshotsDir, theme } = e2e();
    await openByQuickOpen(page, diffPrompt);
    await runCommand(page, 'PromptOps: Compare with HEAD');
    const frame = await webviewContent(page);
    await frame.locator('.text-diff tr.changed').first().waitFor({ timeout: 20_000 });
    const p = await painted(frame, '.text-diff td.code, .label-left, .label-right, .summary', ['--vscode-editor-background', '--vscode-foreground']);
    assertThemed(p, '--vscode-editor-background', '--vscode-foreground');
    assert.ok(p.texts.some((t) => t.text.includes('in detail')), 'the changed line was sampled');
    await page.screenshot({ path: join(screenshotsDir, `theme-diff-${theme.name}.png`) });
  });
});
