// Driving the VS Code workbench the way a person does: the explorer, the command palette, the editor, the panels.
// Selectors are VS Code's own DOM classes and ARIA roles; each helper waits for the result it caused.
import type { Locator, Page } from 'playwright-core';
import { runCommand } from '../../../scripts/harness/browser';

export { runCommand };

/** Opens a file by clicking it in the explorer (path segments are expanded folder by folder). */
export async function openFromExplorer(page: Page, relativePath: string): Promise<Locator> {
  await runCommand(page, 'View: Show Explorer');
  const parts = relativePath.split('/');
  for (const [i, name] of parts.entries()) {
    const item = page.locator('.explorer-folders-view').getByRole('treeitem', { name, exact: true }).first();
    await item.waitFor({ state: 'visible' });
    if (i < parts.length - 1) {
      if ((await item.getAttribute('aria-expanded')) !== 'true') await item.click();
    } else {
      await item.dblclick();
    }
  }
  const name = parts[parts.length - 1];
  await page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ state: 'visible' });
  return activeEditor(page);
}

/**
 * Opens a workspace file by name with Go to File. The file's own row is clicked: Enter takes the highlighted row,
 * which for a moment can still be another file of the same prefix while the list catches up with the typing.
 * code-server's file search has once left the list without the file for 30 s (a CI run of 2026-11-28), so a list
 * that has not shown it within 10 s is closed and asked again, up to three times.
 */
export async function openByQuickOpen(page: Page, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, 'Go to File');
    await page.keyboard.type(name);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 10_000 });
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.keyboard.press('Escape');
      continue;
    }
    await row.click();
    await page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor();
    // The tab shows before the file's text (and so its language, which commands' `when` clauses read) is loaded.
    await activeEditor(page).locator('.view-line').first().waitFor();
    return;
  }
}

/** The editor of the active editor group. */
export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .monaco-editor').first();
}

/** The distinct token classes (`mtkN`) Monaco rendered on the visible line containing `text`. */
export async function tokenClassesOnLine(page: Page, text: string): Promise<string[]> {
  const line = activeEditor(page).locator('.view-line', { hasText: text }).first();
  await line.waitFor({ state: 'visible' });
  const classes = await Promise.all((await line.locator('span > span').all()).map((s) => s.getAttribute('class')));
  return [...new Set(classes.flatMap((c) => (c ?? '').split(/\s+/)).filter((c) => /^mtk\d+$/.test(c)))];
}

/**
 * Waits until the line containing `text` is rendered with tokens that satisfy `accept` (tokenization is
 * asynchronous: a line first renders as one plain token) and returns its token classes.
 */
export async function waitForTokens(page: Page, text: string, accept: (classes: string[]) => boolean, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let classes: string[] = [];
  while (Date.now() < deadline) {
    classes = await tokenClassesOnLine(page, text);
    if (accept(classes)) return classes;
    await page.waitForTimeout(200);
  }
  throw new Error(`the line "${text}" never rendered the expected tokens; last seen: ${classes.join(' ') || '(none)'}`);
}

/** Puts the cursor at the end of the document and types `text` (keyboard input, as a person would). */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  await activeEditor(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** Opens the Problems panel and returns the text of its rows once `accept` likes them. */
export async function problems(page: Page, accept: (rows: string[]) => boolean, timeoutMs = 15_000): Promise<string[]> {
  await runCommand(page, 'View: Focus Problems');
  const deadline = Date.now() + timeoutMs;
  let rows: string[] = [];
  while (Date.now() < deadline) {
    rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    if (accept(rows)) return rows;
    await page.waitForTimeout(200);
  }
  throw new Error(`the Problems panel never showed the expected rows; last seen:\n${rows.join('\n') || '(empty)'}`);
}

/** The text shown in the status bar (language mode, cursor position, extension items). */
export async function statusBarText(page: Page): Promise<string> {
  return (await page.locator('.statusbar').innerText()).replace(/\s+/g, ' ');
}
