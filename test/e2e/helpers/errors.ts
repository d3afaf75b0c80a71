// What counts as "the extension showed or logged an error" during a test: an error notification in the workbench,
// or an error in the extension host log or in PromptOps' own log that mentions PromptOps.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';

/** The text of every error notification toast currently shown. */
export async function errorNotifications(page: Page): Promise<string[]> {
  const items = page.locator('.notifications-toasts .notification-list-item', { has: page.locator('.codicon-error') });
  return (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Log files worth watching: the extension host logs and every log file PromptOps writes. */
export function watchedLogs(logsRoot: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (depth < 5) walk(p, depth + 1);
      } else if (/exthost\.log$/.test(name) || /promptops/i.test(relative(logsRoot, p))) {
        found.push(p);
      }
    }
  };
  walk(logsRoot, 0);
  return found;
}

/** Remembers where each log ended, so `newErrors` reads only what a test caused. */
export class LogWatch {
  private readonly offsets = new Map<string, number>();

  constructor(private readonly logsRoot: string) {}

  mark(): void {
    for (const file of watchedLogs(this.logsRoot)) this.offsets.set(file, statSync(file).size);
  }

  /** Error entries logged since `mark()`: `[error]` lines (with the lines that follow them) that name PromptOps. */
  newErrors(): string[] {
    const errors: string[] = [];
    for (const file of watchedLogs(this.logsRoot)) {
      const text = readFileSync(file).subarray(this.offsets.get(file) ?? 0).toString('utf8');
      // A log entry starts with a timestamp; an error's stack continues on the following lines.
      const entries = text.split(/\n(?=\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2})/);
      for (const entry of entries) {
        if (!/\[error\]/i.test(entry)) continue;
        // The extension id or its name, not the lowercase run folder (/tmp/promptops-e2e-*) other extensions log.
        const ours = /promptops\.promptops|PromptOps/.test(entry) || /promptops/i.test(relative(this.logsRoot, file));
        if (ours) errors.push(`${file}:\n${entry.trim()}`);
      }
    }
    return errors;
  }
}
