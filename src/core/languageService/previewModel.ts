// The data behind the rendered-prompt preview: which vars it can render with, and the messages as display parts.
import type { Message, PromptDocument } from '../promptFile/model';

export interface VarsSource {
  readonly id: string;
  readonly label: string;
  readonly vars: Readonly<Record<string, unknown>>;
  /** A dataset test's `file:` reference: its first row is merged over `vars`, as a run's first case merges it. */
  readonly dataset?: string;
}

/** `defaults` first, then one source per test (a dataset test's with the dataset's first row). */
export function varsSources(doc: PromptDocument): VarsSource[] {
  return [
    { id: 'defaults', label: 'Defaults (input.default)', vars: {} },
    ...doc.tests.map((t, i): VarsSource => {
      const label = `Test: ${t.name || `test ${i + 1}`}`;
      return t.dataset === undefined
        ? { id: `test:${i}`, label, vars: t.vars }
        : { id: `test:${i}`, label: `${label} (row 1 of ${t.dataset.value})`, vars: t.vars, dataset: t.dataset.value };
    }),
  ];
}

/** The source with `id`, falling back to the defaults when the test no longer exists. */
export function pickSource(doc: PromptDocument, id: string): VarsSource {
  const all = varsSources(doc);
  return all.find((s) => s.id === id) ?? all[0];
}

export type DisplayPart = { kind: 'text'; text: string } | { kind: 'media'; url: string; contentType?: string };

/** Messages as plain parts for display; text stays text (the webview shows it with textContent). */
export function displayMessages(messages: readonly Message[]): { role: string; parts: DisplayPart[] }[] {
  return messages.map((m) => ({
    role: m.role,
    parts: m.content.map((p): DisplayPart => ('text' in p
      ? { kind: 'text', text: p.text }
      : p.media.contentType ? { kind: 'media', url: p.media.url, contentType: p.media.contentType } : { kind: 'media', url: p.media.url })),
  }));
}
