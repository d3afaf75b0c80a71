import * as assert from 'node:assert/strict';
import { e2e } from '../helpers/session';
import { webviewText } from '../helpers/webview';
import { openFromExplorer, runCommand } from '../helpers/workbench';

describe('webview helpers', () => {
  // The built-in Markdown preview is a webview like PromptOps' panels: this proves the iframe helpers reach content.
  it('read the content of a webview two iframes deep', async () => {
    const { page } = e2e();
    await openFromExplorer(page, 'README.md');
    await runCommand(page, 'Markdown: Open Preview to the Side');
    const text = await webviewText(page, 'Workspace fixture for the integration and e2e tiers');
    assert.match(text, /greeting\.prompt/);
  });
});
