import * as assert from 'node:assert/strict';
import { e2e } from '../helpers/session';
import { openFromExplorer, runCommand, statusBarText, waitForTokens } from '../helpers/workbench';

describe('a .prompt file in the editor', () => {
  it('opens from the explorer as a PromptOps file', async () => {
    const { page } = e2e();
    const editor = await openFromExplorer(page, 'greeting.prompt');
    await editor.locator('.view-line', { hasText: 'Say hello to' }).waitFor();
    // The language mode shows the first alias of the contributed language.
    assert.match(await statusBarText(page), /\bPrompt\b/);
  });

  it('is highlighted by the PromptOps grammar, not shown as plain text', async () => {
    const { page } = e2e();
    await openFromExplorer(page, 'greeting.prompt');
    // Frontmatter key, separator and value, and a template tag, each get a token of their own.
    const frontmatter = await waitForTokens(page, 'model: openai/gpt-4o-mini', (c) => c.length >= 2);
    const template = await waitForTokens(page, 'Say hello to', (c) => c.length >= 2);
    assert.ok(frontmatter.length >= 2 && template.length >= 2);

    // The same text as plain text is one colour: the tokens above come from the grammar.
    await runCommand(page, 'Change Language Mode');
    await page.keyboard.type('Plain Text');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Plain Text' }).first().click();
    await page.locator('.statusbar', { hasText: 'Plain Text' }).waitFor();
    assert.deepEqual(await waitForTokens(page, 'Say hello to', (c) => c.length === 1), ['mtk1']);
  });
});
