import * as assert from 'node:assert/strict';
import { e2e } from '../helpers/session';
import { activeEditor, runCommand, statusBarText } from '../helpers/workbench';

describe('command palette', () => {
  it('lists and runs "PromptOps: New Prompt File"', async () => {
    const { page } = e2e();
    const tabsBefore = await page.locator('.tabs-container .tab').count();
    await runCommand(page, 'PromptOps: New Prompt File');
    await page.waitForFunction(`document.querySelectorAll('.tabs-container .tab').length > ${tabsBefore}`);
    await activeEditor(page).locator('.view-line').first().waitFor();
    assert.match(await statusBarText(page), /\bPrompt\b/);
  });
});
