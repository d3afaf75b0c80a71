// Webviews live two iframes deep: the workbench hosts `iframe.webview` (VS Code's webview shell) and that shell
// loads the extension's HTML into `iframe#active-frame`. These helpers reach the content frame.
import type { FrameLocator, Page } from 'playwright-core';

/**
 * The content frame of a webview, found by the title of its editor tab (panels) or of its view (sidebar views).
 * When several webviews are open, the one whose shell is visible is used.
 */
export async function webviewContent(page: Page, timeoutMs = 15_000): Promise<FrameLocator> {
  const shell = page.locator('iframe.webview.ready').filter({ visible: true }).last();
  await shell.waitFor({ state: 'attached', timeout: timeoutMs });
  const content = shell.contentFrame().locator('iframe#active-frame');
  await content.waitFor({ state: 'attached', timeout: timeoutMs });
  return content.contentFrame();
}

/** The visible text of the webview content once it contains `expected`. */
export async function webviewText(page: Page, expected: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const frame = await webviewContent(page, timeoutMs);
  const body = frame.locator('body');
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await body.innerText().catch(() => '');
    if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return text;
    await page.waitForTimeout(200);
  }
  throw new Error(`the webview never showed ${String(expected)}; its text was:\n${text || '(empty)'}`);
}
