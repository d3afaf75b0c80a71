// Headless Chromium (Debian's, through playwright-core) opening the code-server workbench. The extension host only
// starts once a browser client connects, so both test tiers go through here.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Harness } from './setup';

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile; it can resolve and reach nothing but 127.0.0.1. */
export async function launchBrowser(harness: Harness, profileDir?: string): Promise<Browser> {
  const userDataDir = profileDir ?? mkdtempSync(join(tmpdir(), 'promptops-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: harness.chromium,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  return { context, close: () => context.close() };
}

/** Opens the workbench at `url`, waits until it has rendered, and answers the trust prompt if asked to. */
export async function openWorkbench(browser: Browser, url: string, opts: { trust: boolean }): Promise<Page> {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  if (opts.trust) await acceptWorkspaceTrust(page);
  return page;
}

/**
 * Runs a command from the command palette by its visible title (e.g. "PromptOps: New Prompt File"). The palette lists
 * the commands whose `when` clause holds as it opens: one opened a moment before an editor's language is known lacks
 * the language's commands, so a palette that has not listed the command within 10 s is closed and opened again (three
 * times at most).
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 3000 });
    } catch {
      // Focus was inside a webview iframe, which keeps the key: give focus back to the workbench and retry.
      await page.evaluate('document.activeElement && document.activeElement.blur()');
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible' });
    }
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden' });
    }
  }
  await input.press('Enter');
  // Done when the palette closed, or when the command opened a quick pick of its own (its input lost the '>').
  const widget = page.locator('.quick-input-widget');
  const deadline = Date.now() + 30_000;
  while (await widget.isVisible()) {
    const value = await input.inputValue().catch(() => '');
    if (!value.startsWith('>')) return;
    if (Date.now() > deadline) throw new Error(`the command palette did not run "${title}" within 30 s`);
    await page.waitForTimeout(50);
  }
}

/**
 * Trusts the open folder the way a person does (Manage Workspace Trust, then "Trust"), so the extension runs with
 * every feature; a no-op when the workbench is not in Restricted Mode.
 */
export async function acceptWorkspaceTrust(page: Page): Promise<void> {
  const restricted = page.locator('.statusbar-item', { hasText: 'Restricted Mode' });
  // The status item appears seconds after the workbench renders (10 s on a busy 2-core machine); callers that run
  // with trust disabled pass `trust: false` and skip this wait.
  try {
    await restricted.first().waitFor({ state: 'visible', timeout: 30_000 });
  } catch {
    return;
  }
  await runCommand(page, 'Workspaces: Manage Workspace Trust');
  await page.locator('.workspace-trust-editor').getByRole('button', { name: 'Trust', exact: true }).click();
  await restricted.first().waitFor({ state: 'hidden', timeout: 15_000 });
  await runCommand(page, 'View: Close All Editors');
}
