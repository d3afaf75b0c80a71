// The outcome panel as a person uses it, in code-server: the list, keyboard navigation into a detail and back, an
// action's round trip to the host, and model output that tries to be HTML. It runs in the light (main) and the dark
// e2e sessions (test/e2e/runner/sessions.ts), so each screenshot exists in both themes: outcomes-<what>-<theme>.png.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { silentLogger, systemClock } from '../../src/core/io';
import { defaultStoreDir, openStore } from '../../src/core/store/store';
import type { RunRecord } from '../../src/core/store/types';
import { decodePng, runsAlong, strongest } from './helpers/png';
import { e2e } from './helpers/session';
import { webviewContent } from './helpers/webview';
import { openByQuickOpen, runCommand } from './helpers/workbench';

const promptFile = 'outcomes-e2e.prompt';
/** A prompt with enough tests that the list must recycle its rows while scrolling. */
const scrollPrompt = 'outcomes-scroll.prompt';
const scrollTests = 300;
const xss = '<img src=x onerror=alert(1)></script><script>window.__pwned = 1; alert(2)</script>';
const metaXss = 'resp_<img src=x onerror=alert(3)>';
const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

function record(n: number, over: Partial<RunRecord>): RunRecord {
  return {
    id: `e2e-${n}`, runId: `e2e-run-${n % 3}`, time: Date.now() - (10 - n) * 3_600_000, tool: n % 2 ? 'cli' : 'editor',
    promptPath: promptFile, promptHash: `${n < 4 ? 'a' : 'b'}`.repeat(64), snapshot: `${n < 4 ? 'a' : 'b'}`.repeat(64),
    git: { commit: n < 4 ? '1a2b3c4d5e6f' : '9f8e7d6c5b4a', dirty: n >= 8 }, testName: 'refund', caseId: 'refund › openai/gpt-4o-mini',
    vars: { question: 'Can I return shoes?' }, provider: 'openai', model: 'gpt-4o-mini', endpoint: 'http://127.0.0.1:9/v1',
    messages: [
      { role: 'system', content: [{ text: 'You are a support agent.' }] },
      { role: 'user', content: [{ text: 'Can I return shoes?' }] },
    ],
    output: 'Yes: within 30 days, with the receipt.', pass: true, score: 1,
    assertions: [{ type: 'contains', pass: true, score: 1, reason: 'output contains "30 days"', weight: 1, range }],
    latencyMs: 300 + n * 40, usage: { inputTokens: 42, outputTokens: 12, totalTokens: 54 }, costUsd: 0.00003, cached: n === 6, repeatIndex: 0,
    ...over,
  };
}

function records(): RunRecord[] {
  const out: RunRecord[] = [];
  for (let n = 0; n < 10; n++) {
    out.push(record(n, n % 4 === 1 ? { pass: false, score: 0, output: 'No.', assertions: [{ type: 'contains', pass: false, score: 0, reason: 'expected "30 days" in "No."', weight: 1, range }] } : {}));
    out.push(record(n, {
      id: `e2e-json-${n}`, testName: 'order status', caseId: 'order status › anthropic/claude-3-5-haiku', provider: 'anthropic', model: 'claude-3-5-haiku',
      output: JSON.stringify({ status: 'shipped', eta: { days: 2 + (n % 3) }, items: ['shoes', 'socks'] }), latencyMs: 800 + n * 25,
    }));
  }
  out.push(record(10, {
    id: 'e2e-xss', testName: 'markup', caseId: 'markup › openai/gpt-4o-mini', output: xss, finishReason: 'stop', attempts: 2,
    providerMeta: { id: metaXss, headers: { authorization: 'Bearer sk-e2e0123456789abcdef', 'x-request-id': 'req_e2e' } },
  }));
  out.push(record(10, { id: 'e2e-error', testName: 'timeout', caseId: 'timeout › openai/gpt-4o-mini', pass: false, score: 0, output: '', latencyMs: undefined, assertions: [], error: { kind: 'timeout', message: 'no reply within 30 s' } }));
  return out;
}

/** `scrollTests` tests of one run each; test n (named with three digits, so they sort by name) read 1000 + n tokens. */
function scrollRecords(): RunRecord[] {
  return Array.from({ length: scrollTests }, (_, n) => record(n, {
    id: `e2e-scroll-${n}`, promptPath: scrollPrompt, testName: `case ${String(n).padStart(3, '0')}`,
    caseId: `case ${String(n).padStart(3, '0')} › openai/gpt-4o-mini`, usage: { inputTokens: 1000 + n, outputTokens: 7, totalTokens: 1007 + n },
    time: Date.now() - 3_600_000, cached: false,
  }));
}

async function openPanel(page: Page, file = promptFile, rowText = 'refund'): Promise<FrameLocator> {
  await openByQuickOpen(page, file);
  await runCommand(page, 'PromptOps: Show Outcomes');
  const frame = await webviewContent(page);
  await frame.locator('.layer .row', { hasText: rowText }).first().waitFor({ timeout: 20_000 });
  return frame;
}

interface RowSeen { pos: number; top: number; test: string; figures: string; label: string; selected: boolean; ariaSelected: string | null }

/** Scrolls the list to `scrollTop`, waits for the frame that renders it, and reads every row element in the DOM. */
async function rowsAt(frame: FrameLocator, scrollTop: number): Promise<{ rows: RowSeen[]; scrollTop: number; height: number }> {
  // In-page code as a string that runs itself: the tests run through tsx, whose helpers do not exist in the page.
  return frame.locator('body').evaluate<{ rows: RowSeen[]; scrollTop: number; height: number }, unknown>(`(async () => {
    const viewport = document.querySelector('.viewport');
    viewport.scrollTop = ${scrollTop};
    for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(r));
    const rows = [...viewport.querySelectorAll('.layer .row')].map((r) => ({
      pos: Number(r.getAttribute('aria-posinset')), top: parseFloat(r.style.top),
      test: r.querySelector('.cell.test').textContent, figures: r.querySelector('.cell.figures').textContent,
      label: r.getAttribute('aria-label'), selected: r.classList.contains('selected'), ariaSelected: r.getAttribute('aria-selected'),
    }));
    return { rows, scrollTop: viewport.scrollTop, height: viewport.clientHeight };
  })()`);
}

/** The workbench's theme classes (`vs`, `vs-dark`, `hc-black`, …) name the kind of the active colour theme. */
async function themeClasses(page: Page): Promise<string> {
  return (await page.locator('.monaco-workbench').first().getAttribute('class')) ?? '';
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(e2e().screenshotsDir, `${name}.png`) });
}

async function showDetail(frame: FrameLocator, test: string): Promise<void> {
  await frame.locator('.layer .row', { hasText: test }).first().click();
  await frame.locator('.detail h2', { hasText: test }).waitFor();
}

// The session's theme, set before code-server starts (switching it mid-session was not picked up reliably).
const tag = e2e().theme.name;

describe(`outcome panel (${tag} theme)`, () => {
  before(async () => {
    const { page, workspace, theme } = e2e();
    writeFileSync(join(workspace, promptFile), '---\nmodel: openai/gpt-4o-mini\ntests:\n  - name: refund\n  - name: order status\n  - name: markup\n  - name: timeout\n---\nHelp the customer.\n');
    const store = await openStore({ dir: defaultStoreDir(workspace), logger: silentLogger, clock: systemClock, workspaceRoot: workspace });
    if ((await store.recordsOf(join(workspace, promptFile))).length === 0) await store.append(records());
    writeFileSync(join(workspace, scrollPrompt), `---\nmodel: openai/gpt-4o-mini\ntests:\n${scrollRecords().map((r) => `  - name: ${r.testName}\n`).join('')}---\nHelp.\n`);
    if ((await store.recordsOf(join(workspace, scrollPrompt))).length === 0) await store.append(scrollRecords());
    await store.close();
    const applied = await page.locator(`.monaco-workbench.${theme.workbenchClass}`).first().waitFor({ timeout: 30_000 }).then(() => true, () => false);
    assert.ok(applied, `the workbench shows the ${tag} theme: classes "${await themeClasses(page)}"`);
  });

  it('lists the latest outcome of each test with its trend', async () => {
    const { page } = e2e();
    const frame = await openPanel(page);
    await runCommand(page, 'View: Toggle Maximized Panel');
    const rows = frame.locator('.layer .row');
    assert.equal(await rows.count(), 4);
    assert.match(await frame.locator('.summary').innerText(), /4 tests shown of 22 runs · 2 passed · 1 failed · 1 errored/);
    // The trend's bars are a bitmap (a canvas laid over the cell, rowAtlas.ts): counted on the screen, along the bars' bottom line
    // (every bar reaches it; the gap after the 60 px of bars is the background).
    const trend = frame.locator('.layer .row', { hasText: 'refund' }).locator('.cell.trend');
    const pixels = decodePng(await trend.screenshot());
    const scale = pixels.height / 24;
    const background = pixels.at(Math.round(62 * scale), 1);
    const bars = runsAlong(pixels, Math.floor(18.5 * scale), 0, Math.round(60 * scale), background);
    assert.equal(bars.length, 10, `one trend bar per run: ${JSON.stringify(bars)}`);
    // The pass rate is drawn after the bars, as the status glyph is in its column: refund passed 7 of 10 runs (its
    // latest failed), order status all 10, so their rates differ on the screen; each row's glyph is drawn in its
    // status colour (✓ passed, ✗ failed).
    const rateOf = async (test: string): Promise<string> => {
      const shot = decodePng(await frame.locator('.layer .row', { hasText: test }).locator('.cell.trend').screenshot());
      const rate = strongest(shot, Math.round(64 * scale), 0, shot.width, shot.height, background);
      assert.ok(rate && rate.count >= 4, `${test}: a pass rate is drawn after the bars: ${JSON.stringify(rate)}`);
      const out: number[] = [];
      for (let y = 0; y < shot.height; y++) for (let x = Math.round(64 * scale); x < shot.width; x++) out.push(...shot.at(x, y).slice(0, 3));
      return out.join(',');
    };
    assert.notEqual(await rateOf('refund'), await rateOf('order status'), '70% and 100% look different');
    const glyphOf = async (test: string): Promise<string> => {
      const shot = decodePng(await frame.locator('.layer .row', { hasText: test }).locator('.cell.status').screenshot());
      const glyph = strongest(shot, 0, 0, shot.width, shot.height, background);
      assert.ok(glyph && glyph.count >= 4, `${test}: a status glyph is drawn: ${JSON.stringify(glyph)}`);
      return glyph.rgb.join(',');
    };
    assert.notEqual(await glyphOf('order status'), await glyphOf('refund'), 'passed and failed glyphs differ in colour');
    // The model is a field of the figures run, cut to fit; its tooltip names it whole.
    const model = frame.locator('.layer .row', { hasText: 'order status' }).locator('.cell.figures .model');
    assert.equal(await model.innerText(), 'anthropic/claude-3-…');
    await model.hover();
    assert.equal(await model.getAttribute('title'), 'anthropic/claude-3-5-haiku');
    await shot(page, `outcomes-list-${tag}`);
    // The trend's tooltip is filled when the pointer reaches it (the rows carry no <title> per trend).
    await trend.hover();
    assert.match((await trend.getAttribute('title')) ?? '', /^10 runs, \d+% passed/);
    assert.equal(await trend.getAttribute('role'), 'img');
    assert.equal(await trend.getAttribute('aria-label'), await trend.getAttribute('title'));
    await page.mouse.move(0, 0);
    await runCommand(page, 'View: Toggle Maximized Panel');
  });

  it('is usable by keyboard: arrows select, Enter opens the detail, Escape goes back', async () => {
    const { page } = e2e();
    const frame = await openPanel(page);
    await runCommand(page, 'View: Toggle Maximized Panel');
    await frame.locator('.viewport').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    const selected = frame.locator('.layer .row.selected');
    assert.equal(await selected.getAttribute('aria-posinset'), '2');
    const name = (await selected.locator('.cell.test').innerText()).trim();
    await page.keyboard.press('Enter');
    await frame.locator('.detail h2', { hasText: name }).waitFor();
    const detail = await frame.locator('.detail').innerText();
    assert.match(detail, /Assertions/);
    assert.match(detail, /Messages/);
    assert.match(detail, /Provider metadata \(secrets redacted\)/);
    await shot(page, `outcomes-detail-${tag}`);
    await page.keyboard.press('Escape');
    await frame.locator('.viewport').waitFor({ state: 'visible' });
    assert.equal(await frame.locator('.detail').count(), 0);
    await runCommand(page, 'View: Toggle Maximized Panel');
  });

  it('shows JSON output as a folding tree', async () => {
    const { page } = e2e();
    const frame = await openPanel(page);
    await showDetail(frame, 'order status');
    const tree = frame.locator('.json-tree');
    await tree.waitFor();
    assert.match(await tree.innerText(), /status: "shipped"/);
    const node = tree.locator('details.json-node').nth(1);
    assert.equal(await node.getAttribute('open'), '');
    await node.locator('summary').first().click();
    assert.equal(await node.getAttribute('open'), null, 'a click folds the object');
    await frame.getByRole('button', { name: 'Text', exact: true }).click();
    assert.match(await frame.locator('pre.output-text').innerText(), /^\{"status":"shipped"/);
  });

  it('shows model output that looks like HTML as text, and runs none of it', async () => {
    const { page } = e2e();
    let dialogs = 0;
    const onDialog = (): void => void dialogs++;
    page.on('dialog', onDialog);
    try {
      const frame = await openPanel(page);
      await runCommand(page, 'View: Toggle Maximized Panel');
      assert.equal((await frame.locator('.layer .row', { hasText: 'markup' }).locator('.cell.output').innerText()).trim(), xss);
      await showDetail(frame, 'markup');
      assert.equal(await frame.locator('pre.output-text').innerText(), xss);
      // The provider's reply metadata is text too, with the credential it carried redacted.
      assert.match(await frame.locator('.detail .facts').innerText(), /Attempts\s+2[\s\S]*Finish reason\s+stop/);
      const meta = (await frame.locator('.detail details pre').textContent()) ?? '';
      assert.ok(meta.includes(JSON.stringify(metaXss)), meta);
      assert.ok(meta.includes('req_e2e') && meta.includes('[redacted]') && !meta.includes('sk-e2e'), meta);
      assert.equal(await frame.locator('img').count(), 0, 'no element was made from the output');
      assert.equal(await frame.locator('script').count(), 1, 'only the panel script is in the document');
      assert.equal(await frame.locator('body').evaluate('() => window.__pwned'), undefined);
      await shot(page, `outcomes-xss-${tag}`);
      assert.equal(dialogs, 0, 'no alert was raised');
      await runCommand(page, 'View: Toggle Maximized Panel');
    } finally {
      page.off('dialog', onDialog);
    }
  });

  it('recycles its rows while scrolling, each showing the outcome at its position', async () => {
    const { page } = e2e();
    const frame = await openPanel(page, scrollPrompt, 'case 000');
    await frame.locator('.summary', { hasText: `${scrollTests} tests shown` }).waitFor();
    const rowHeight = 24;
    // Down in jumps larger than the overscan (so rows leave and are reused), to the end, and back up.
    for (const target of [0, 1_000, 2_400, 4_100, 99_999, 3_000, 200, 0]) {
      const { rows, scrollTop, height } = await rowsAt(frame, target);
      assert.ok(rows.length > 0 && rows.length < 80, `only a window of rows is in the DOM: ${rows.length} at ${scrollTop}`);
      assert.equal(new Set(rows.map((r) => r.pos)).size, rows.length, `no two elements show the same row at ${scrollTop}`);
      for (const r of rows) {
        const n = r.pos - 1;
        const name = `case ${String(n).padStart(3, '0')}`;
        assert.equal(r.test, name, `the element at position ${r.pos} shows its own test (scrollTop ${scrollTop})`);
        assert.ok(r.figures.startsWith('openai/gpt-4o-mini ') && r.figures.includes(`${1000 + n} → 7`), `row ${r.pos} shows its model and its own tokens: ${r.figures}`);
        assert.ok(r.label.startsWith(`${name}, passed`), `row ${r.pos} is labelled for screen readers as itself: ${r.label}`);
        assert.equal(r.top, n * rowHeight, `row ${r.pos} sits at its own offset`);
      }
      const first = Math.floor(scrollTop / rowHeight) + 1;
      const last = Math.min(scrollTests, Math.ceil((scrollTop + height) / rowHeight));
      for (let pos = first; pos <= last; pos++) assert.ok(rows.some((r) => r.pos === pos), `row ${pos} is in view at ${scrollTop}, so it is rendered`);
    }
    // The selection follows its row, not the element that showed it: after End and a scroll back to the top, no
    // reused element still looks selected.
    await frame.locator('.viewport').focus();
    await page.keyboard.press('End');
    const end = await rowsAt(frame, 99_999);
    assert.deepEqual(end.rows.filter((r) => r.selected).map((r) => r.pos), [scrollTests]);
    assert.equal(end.rows.find((r) => r.pos === scrollTests)?.ariaSelected, 'true');
    const top = await rowsAt(frame, 0);
    assert.deepEqual(top.rows.filter((r) => r.selected || r.ariaSelected === 'true').map((r) => r.pos), [], 'no row at the top is selected');
    assert.equal(await frame.locator('.viewport').getAttribute('aria-activedescendant'), null, 'the selected row is out of the window');
  });

  it('carries an action to the host and shows its answer', async () => {
    const { page } = e2e();
    const frame = await openPanel(page);
    await showDetail(frame, 'refund');
    await frame.getByRole('button', { name: 'Copy output' }).click();
    await frame.locator('.notice', { hasText: /Copied the output of "refund" \(\d+ characters\)/ }).waitFor();
  });
});
