// The driver's side of a test's workbench requests (protocol.ts UiRequest): what the extension API cannot reach,
// such as a modal dialog, is read and answered in the browser page the way a person would.
import type { Page } from 'playwright-core';
import type { UiAnswer, UiRequest } from './protocol';

async function dialogText(page: Page): Promise<string | null> {
  const box = page.locator('.monaco-dialog-box').filter({ visible: true }).first();
  if ((await box.count()) === 0) return null;
  const parts = await box.locator('.dialog-message-text, .dialog-message-detail').allInnerTexts();
  return parts.map((t) => t.trim()).filter(Boolean).join('\n');
}

/** Carries out one request in the workbench page; never throws (a failure is an answer the test reports). */
export async function answerUiRequest(page: Page, request: UiRequest): Promise<UiAnswer> {
  try {
    switch (request.kind) {
      case 'dialog':
        return { ok: true, text: await dialogText(page) };
      case 'clickDialogButton': {
        const box = page.locator('.monaco-dialog-box', { has: page.getByRole('button', { name: request.button, exact: true }) });
        await box.first().waitFor({ state: 'visible', timeout: request.timeoutMs });
        const text = await dialogText(page);
        await box.first().getByRole('button', { name: request.button, exact: true }).click();
        await box.first().waitFor({ state: 'hidden', timeout: 10_000 });
        return { ok: true, text };
      }
    }
  } catch (err) {
    const shown = await dialogText(page).catch(() => null);
    return { ok: false, error: `${err instanceof Error ? err.message : String(err)}\n(dialog shown: ${shown ?? 'none'})` };
  }
}
