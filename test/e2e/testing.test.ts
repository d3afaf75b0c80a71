// Prompt tests as a person runs them in code-server: click the CodeLens, see ✓/✗ beside each test line, and see the
// mixed results in the Testing view. Screenshots: testing-inline-results.png and testing-test-explorer.png.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2e } from './helpers/session';
import { openFromExplorer, runCommand } from './helpers/workbench';

const prompt = `---
model: mock/gpt-4o-mini
input:
  schema:
    product: string
tests:
  - name: names the product
    vars:
      product: kettle
    assert:
      - type: icontains
        value: kettle
  - name: exact answer
    vars:
      product: toaster
    assert:
      - type: equals
        value: A toaster.
---
{{role "system"}}
Describe the product in one sentence.
{{role "user"}}
{{product}}
`;

describe('prompt tests in the editor', () => {
  it('runs from the CodeLens and shows results inline and in the Testing view', async () => {
    const { page, workspace, session, screenshotsDir } = e2e();
    const dir = join(workspace, 'testing-e2e');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'promptops.config.yaml'), `providers:\n  mock:\n    type: openai-compatible\n    baseUrl: ${session.mockLlm.url}/compat/v1\n`);
    writeFileSync(join(dir, 'mixed.prompt'), prompt);

    // Through the explorer: Quick Open on a file written a moment ago timed out under load.
    const editor = await openFromExplorer(page, 'testing-e2e/mixed.prompt');
    await editor.locator('.view-line', { hasText: 'Describe the product' }).waitFor();

    const lens = editor.locator('.codelens-decoration a', { hasText: 'Run all 2 tests' });
    await lens.waitFor({ timeout: 20_000 });
    await lens.click();

    // The inline results are `after` decorations on the test lines: VS Code draws their text with CSS `content`.
    const afterTexts = `[...document.querySelectorAll('.view-lines .view-line span')].map((s) => getComputedStyle(s, '::after').content).join('\\n')`;
    await page.waitForFunction(`/✓ passed/.test(${afterTexts}) && /✗ failed/.test(${afterTexts})`, undefined, { timeout: 30_000 });
    const shown = await page.evaluate<string>(afterTexts);
    assert.match(shown, /✓ passed · [\d.]+ m?s · \d+ tok · cost unknown/);
    assert.match(shown, /✗ failed · [\d.]+ m?s/);
    await page.screenshot({ path: join(screenshotsDir, 'testing-inline-results.png') });

    await runCommand(page, 'Testing: Focus on Test Explorer View');
    const tree = page.locator('.test-explorer .monaco-list');
    await tree.waitFor();
    // Expand the file so both tests show with their state.
    const fileRow = tree.locator('.monaco-list-row', { hasText: 'mixed.prompt' }).first();
    await fileRow.waitFor({ timeout: 15_000 });
    if ((await fileRow.getAttribute('aria-expanded')) === 'false') await fileRow.click();
    await tree.locator('.monaco-list-row', { hasText: 'exact answer' }).waitFor();
    const failedRow = tree.locator('.monaco-list-row', { hasText: 'exact answer' });
    const passedRow = tree.locator('.monaco-list-row', { hasText: 'names the product' });
    assert.match((await failedRow.getAttribute('aria-label')) ?? '', /fail/i);
    assert.match((await passedRow.getAttribute('aria-label')) ?? '', /pass/i);
    await page.screenshot({ path: join(screenshotsDir, 'testing-test-explorer.png') });
  });
});
