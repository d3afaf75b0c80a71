// The version diff as a person uses it, in code-server: a prompt committed to git and edited on disk, opened with
// `PromptOps: Compare with HEAD`. Checks the side-by-side text with word highlights, change navigation, the outcome
// rows with a regression and the filter, and that model output trying to be HTML stays text.
// Screenshots land in the e2e screenshots folder as diff-<what>.png.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger, systemClock } from '../../src/core/io';
import { hashText } from '../../src/core/store/key';
import { defaultStoreDir, openStore } from '../../src/core/store/store';
import type { RunRecord } from '../../src/core/store/types';
import type { FrameLocator, Page } from 'playwright-core';
import { e2e } from './helpers/session';
import { webviewContent } from './helpers/webview';
import { openFromExplorer, runCommand } from './helpers/workbench';

const folder = 'diff-e2e';
const file = 'compare-e2e.prompt';
const xss = '<img src=x onerror=alert(1)></script><script>window.__pwned = 1; alert(2)</script>';
// 400 unchanged rule lines between the second and third change: long enough that the view only builds a window.
const rules = Array.from({ length: 400 }, (_, i) => `Rule ${i + 1}: stay kind and exact.\n`).join('');
const v1 = `---\nmodel: openai/gpt-4o-mini\nconfig:\n  temperature: 0.2\ntests:\n  - name: refund\n    vars: { q: shoes }\n  - name: markup\n    vars: { q: html }\n---\nAnswer briefly and politely: {{q}}\n${rules}Close by thanking the customer.\n`;
const v2 = v1.replace('temperature: 0.2', 'temperature: 0.7').replace('briefly and politely', 'in detail and politely').replace('thanking the customer.', 'thanking the customer warmly.');

function record(text: string, over: Partial<RunRecord>): RunRecord {
  const hash = hashText(text);
  return {
    id: `diff-e2e-${Math.random()}`, runId: `diff-e2e-${hash.slice(0, 6)}`, time: Date.now(), tool: 'cli', promptPath: `${folder}/${file}`,
    promptHash: hash, snapshot: hash, testName: 'refund', caseId: 'refund › openai/gpt-4o-mini', vars: { q: 'shoes' },
    provider: 'openai', model: 'gpt-4o-mini', endpoint: 'http://127.0.0.1:9/v1', messages: [], output: 'Yes, within 30 days.', pass: true, score: 1,
    assertions: [], latencyMs: 300, usage: { totalTokens: 50 }, costUsd: 0.00003, cached: false, repeatIndex: 0, ...over,
  };
}

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@example.invalid', GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@example.invalid' };

/** A prompt committed to a fresh git repository in `workspace/sub`, then changed on disk. */
function committedAndEdited(workspace: string, sub: string, name: string, committed: string, edited: string): void {
  const dir = join(workspace, sub);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), committed);
  execFileSync('git', ['init', '--quiet'], { cwd: dir, env: gitEnv });
  execFileSync('git', ['add', name], { cwd: dir, env: gitEnv });
  execFileSync('git', ['commit', '--quiet', '-m', 'polite and brief'], { cwd: dir, env: gitEnv });
  writeFileSync(join(dir, name), edited);
}

/** Opens `sub/name` from the Explorer and runs Compare with HEAD on it. */
async function compareWithHead(page: Page, sub: string, name: string): Promise<FrameLocator> {
  await openFromExplorer(page, `${sub}/${name}`);
  await runCommand(page, 'PromptOps: Compare with HEAD');
  return webviewContent(page);
}

describe('version diff (e2e)', () => {
  it('shows the text diff, navigates changes, flags the regression and keeps model output as text', async () => {
    const { page, workspace, screenshotsDir } = e2e();
    committedAndEdited(workspace, folder, file, v1, v2);
    const store = await openStore({ dir: defaultStoreDir(workspace), logger: silentLogger, clock: systemClock, workspaceRoot: workspace });
    await store.putSnapshot(v1);
    await store.putSnapshot(v2);
    await store.append([
      record(v1, {}),
      record(v2, { output: 'No refunds.', pass: false, score: 0 }),
      record(v1, { testName: 'markup', caseId: 'markup › openai/gpt-4o-mini', output: 'plain' }),
      record(v2, { testName: 'markup', caseId: 'markup › openai/gpt-4o-mini', output: xss }),
    ]);
    await store.close();

    const frame = await compareWithHead(page, folder, file);
    await frame.locator('.text-diff tr.changed').first().waitFor({ timeout: 20_000 });

    assert.equal(await frame.locator('.label-left').innerText(), 'HEAD');
    assert.equal(await frame.locator('.label-right').innerText(), 'working copy');
    assert.match(await frame.locator('.summary').innerText(), /config\.temperature: 0\.2 → 0\.7/);
    const words = await frame.locator('.text-diff td.ins .word-changed').allInnerTexts();
    assert.ok(words.some((w) => w.includes('in detail')), `word highlights: ${words.join(' | ')}`);
    await frame.locator('button', { hasText: 'Next' }).click();
    await frame.locator('.text-diff tr.current').waitFor();
    await page.screenshot({ path: join(screenshotsDir, 'diff-text.png') });

    // Virtualized rows: with every row shown, only a window of the 400-odd lines is in the DOM; the keyboard (F7 in
    // the focused grid) still reaches the last change at the far end, and the position is announced.
    await frame.locator('label', { hasText: 'Collapse unchanged' }).locator('input').uncheck();
    const grid = frame.locator('table.text-diff[role=grid]');
    assert.ok(Number(await grid.getAttribute('aria-rowcount')) > 400);
    assert.ok((await frame.locator('.text-diff tr').count()) < 150, 'only a window of lines is built');
    await grid.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('F7');
    await frame.locator('.text-diff tr.current', { hasText: 'warmly' }).waitFor();
    assert.equal((await frame.locator('.position').innerText()).trim(), 'change 3 of 3');
    assert.equal(await frame.locator(`#${await grid.getAttribute('aria-activedescendant')}`).getAttribute('data-row'), await frame.locator('.text-diff tr.current').getAttribute('data-row'));
    // Back to collapsed: the unchanged rules fold into one line, which Enter opens.
    await frame.locator('label', { hasText: 'Collapse unchanged' }).locator('input').check();
    await frame.locator('.text-diff tr.fold', { hasText: 'unchanged lines' }).first().waitFor();
    assert.equal(await frame.locator('.text-diff tr', { hasText: 'Rule 200:' }).count(), 0);
    const folded = Number(await grid.getAttribute('aria-rowcount'));
    await frame.locator('.text-diff tr.fold button', { hasText: /\d{3} unchanged lines/ }).click();
    await frame.locator('.text-diff tr.active', { hasText: 'Rule' }).waitFor();
    assert.ok(Number(await grid.getAttribute('aria-rowcount')) > folded + 300, 'the fold opened in place');

    await frame.locator('.outcome.regressed').waitFor();
    const outputs = await frame.locator('.outcome pre.output').allInnerTexts();
    assert.ok(outputs.some((o) => o.includes('<img src=x onerror=alert(1)>')), 'the markup shows as text');
    assert.equal(await frame.locator('.outcome-rows img, .outcome-rows script').count(), 0);
    assert.equal(await frame.locator('body').evaluate('() => window.__pwned'), undefined);
    await frame.locator('button.filter', { hasText: 'Regressed' }).click();
    assert.equal(await frame.locator('.outcome').count(), 1);
    await frame.locator('.outcome.regressed').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotsDir, 'diff-outcomes-regression.png') });
  });

  it('comes back after a window reload with the same versions and view state (the panel serializer)', async function () {
    this.timeout(180_000);
    const { page, workspace, screenshotsDir } = e2e();
    const name = 'revive-e2e.prompt';
    committedAndEdited(workspace, 'diff-revive-e2e', name, v1, v2);
    const frame = await compareWithHead(page, 'diff-revive-e2e', name);
    await frame.locator('.label-left', { hasText: 'HEAD' }).waitFor({ timeout: 20_000 });
    // A selection and a view state that differ from the defaults, so the revived tab can only show them if it kept them.
    await frame.locator('button', { hasText: 'Swap' }).click();
    await frame.locator('.label-left', { hasText: 'working copy' }).waitFor();
    await frame.locator('label', { hasText: 'Collapse unchanged' }).locator('input').uncheck();
    await frame.locator('.text-diff tr', { hasText: 'Rule 1:' }).first().waitFor();

    // Developer: Reload Window shuts the workbench down as a user's reload does (saving the open editors and the
    // webview's state), then loads it again.
    const reloaded = page.waitForEvent('domcontentloaded', { timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.tabs-container .tab', { hasText: `Compare ${name}` }).waitFor({ timeout: 60_000 });
    const revived = await webviewContent(page, 60_000);
    await revived.locator('.label-left', { hasText: 'working copy' }).waitFor({ timeout: 30_000 });
    assert.equal(await revived.locator('.label-right').innerText(), 'HEAD');
    assert.equal(await revived.locator('label', { hasText: 'Collapse unchanged' }).locator('input').isChecked(), false);
    assert.equal(await revived.locator('.text-diff tr.fold').count(), 0, 'every row shown, as before the reload');
    assert.match(await revived.locator('.summary').innerText(), /config\.temperature: 0\.7 → 0\.2/);
    await page.screenshot({ path: join(screenshotsDir, 'diff-revived.png') });
  });

  it('runs the outcomes HEAD never had (Run missing) through the engine to the loopback mock and fills the rows', async function () {
    this.timeout(180_000);
    const { page, workspace, session, screenshotsDir } = e2e();
    const sub = 'diff-run-e2e';
    const name = 'run-missing-e2e.prompt';
    const head = '---\nmodel: mock/gpt-4o-mini\ntests:\n  - name: tea\n    vars: { topic: tea }\n    assert:\n      - type: contains\n        value: Mock answer\n  - name: coffee\n    vars: { topic: coffee }\n    assert:\n      - type: contains\n        value: Mock answer\n---\nTell me about {{topic}}.\n';
    const edited = head.replace('Tell me about', 'Tell me briefly about');
    committedAndEdited(workspace, sub, name, head, edited);
    writeFileSync(join(workspace, sub, 'promptops.config.yaml'), `providers:\n  mock:\n    type: openai-compatible\n    baseUrl: ${session.mockLlm.url}/compat/v1\n`);

    // The working copy's outcomes come from a real run (the CodeLens); HEAD has none.
    await openFromExplorer(page, `${sub}/${name}`);
    const lens = page.locator('.codelens-decoration a', { hasText: 'Run all 2 tests' });
    await lens.waitFor({ timeout: 30_000 });
    await lens.click();
    const afterTexts = `[...document.querySelectorAll('.view-lines .view-line span')].map((s) => getComputedStyle(s, '::after').content).join('\\n')`;
    await page.waitForFunction(`(${afterTexts}).split('✓ passed').length > 2`, undefined, { timeout: 60_000 });

    await runCommand(page, 'PromptOps: Compare with HEAD');
    const frame = await webviewContent(page);
    await frame.locator('.label-left', { hasText: 'HEAD' }).waitFor({ timeout: 20_000 });
    const runMissing = frame.locator('button.run-missing');
    await runMissing.waitFor({ timeout: 20_000 });
    assert.equal(await frame.locator('.outcome.missing-left').count(), 2, 'both cases of HEAD are missing');
    const before = session.mockLlm.requests.length;
    await runMissing.click();
    await frame.locator('.outcome.missing-left').first().waitFor({ state: 'detached', timeout: 60_000 });
    await runMissing.waitFor({ state: 'detached', timeout: 20_000 });

    // Two requests reached the mock, carrying HEAD's text rather than the working copy's.
    const sent = session.mockLlm.requests.slice(before).map((r) => r.lastUserText);
    assert.equal(sent.length, 2, `requests: ${JSON.stringify(sent)}`);
    assert.ok(sent.every((t) => /Tell me about (tea|coffee)\./.test(t)), `HEAD's text was sent: ${JSON.stringify(sent)}`);
    // Every row now has an outcome on both sides.
    assert.equal(await frame.locator('.outcome').count(), 2);
    assert.equal(await frame.locator('.outcome button.run').count(), 0, 'no side is left to run');
    const outputs = await frame.locator('.outcome pre.output').allInnerTexts();
    assert.equal(outputs.length, 4, `an output on each side of each row: ${JSON.stringify(outputs)}`);
    await page.screenshot({ path: join(screenshotsDir, 'diff-run-missing.png') });
  });
});
