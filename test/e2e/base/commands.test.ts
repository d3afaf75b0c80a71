import * as assert from 'node:assert/strict';
import { e2e } from '../helpers/session';
import { activeEditor, runCommand, statusBarText } from '../helpers/workbench';

describe('command palette', () => {
  it('lists and runs "PromptOps: New Prompt File"', async () => {
    const { page } = e2e();
    const tabsBefore = await page.locator('.tabs-container .tab').count();
    await runCommand(page, 'PromptOps: New Prompt File');
    await page.waitForFunction(`document.querySelectorAll('.tabs-container .tab').length > ${tabsBefore}`);
    // The command ends by inserting the template; wait for it, so the tidy-up after the test reverts a finished
    // editor (the features bundle loads on this first command, which can delay the insertion past the tab).
    await activeEditor(page).locator('.view-lines', { hasText: 'tests:' }).waitFor();
    assert.match(await statusBarText(page), /\bPrompt\b/);
  });
});
