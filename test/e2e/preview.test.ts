// The rendered preview as a person sees it: the exact messages of greeting.prompt, by role, beside the editor.
// Screenshot: preview-rendered-messages.png.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { e2e } from './helpers/session';
import { webviewContent, webviewText } from './helpers/webview';
import { openFromExplorer, runCommand } from './helpers/workbench';

describe('rendered preview', () => {
  it('shows the messages that would be sent, rendered with the test vars', async () => {
    const { page, screenshotsDir } = e2e();
    await openFromExplorer(page, 'greeting.prompt');
    await runCommand(page, 'PromptOps: Open Preview');
    // Its required input has no default, so the preview opens on the first test's vars, which render it.
    const text = await webviewText(page, /Say hello to Ada/, 20_000);
    assert.match(text, /friendly assistant/);
    assert.match(text, /system/i);
    assert.match(text, /user/i);
    const frame = await webviewContent(page);
    assert.equal(await frame.locator('select').first().locator('option:checked').textContent(), 'Test: greets by name');
    await page.screenshot({ path: join(screenshotsDir, 'preview-rendered-messages.png') });
    // The defaults, chosen on purpose, say what is missing and where vars that render are.
    await frame.locator('select').first().selectOption({ label: 'Defaults (input.default)' });
    await webviewText(page, /input 'name' is required.*Or choose a test's vars above/, 20_000);
  });
});
