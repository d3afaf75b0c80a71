// The data behind the rendered-prompt preview: which vars it can render with, and the messages as display parts.
import type { Message, PromptDocument } from '../promptFile/model';

export interface VarsSource {
  readonly id: string;
  readonly label: string;
  readonly vars: Readonly<Record<string, unknown>>;
  /** A dataset test's `file:` reference: a row of it (`row`, else the first) is merged over `vars`, as a run's cases merge them. */
  readonly dataset?: string;
  /** The dataset row (0-based) this source renders with. */
  readonly row?: number;
  /** The test's own label (`Test: name`), which a dataset row's label extends. */
  readonly testLabel?: string;
}

/** `defaults` first, then one source per test (a dataset test's with the dataset's first row). */
export function varsSources(doc: PromptDocument): VarsSource[] {
  return [
    { id: 'defaults', label: 'Defaults (input.default)', vars: {} },
    ...doc.tests.map((t, i): VarsSource => {
      const label = `Test: ${t.name || `test ${i + 1}`}`;
      return t.dataset === undefined
        ? { id: `test:${i}`, label, vars: t.vars }
        : { id: `test:${i}`, label: `${label} (row 1 of ${t.dataset.value})`, vars: t.vars, dataset: t.dataset.value, testLabel: label };
    }),
  ];
}

/** The most rows of one dataset listed as sources of their own. */
export const MAX_PREVIEW_ROWS = 50;

/**
 * The sources with each dataset test's rows listed one by one (the first MAX_PREVIEW_ROWS), given how many rows each
 * dataset has; a dataset whose rows are unknown keeps its one source (row 1). Row 1 keeps the test's id.
 */
export function withDatasetRows(sources: readonly VarsSource[], rowCount: (dataset: string) => number | undefined): VarsSource[] {
  const out: VarsSource[] = [];
  for (const s of sources) {
    const n = s.dataset === undefined ? undefined : rowCount(s.dataset);
    if (n === undefined || n < 1) {
      out.push(s);
      continue;
    }
    const shown = Math.min(n, MAX_PREVIEW_ROWS);
    const more = n > shown ? `, the first ${shown} listed` : '';
    for (let k = 0; k < shown; k++) {
      out.push({ ...s, id: k === 0 ? s.id : `${s.id}:row:${k + 1}`, label: `${s.testLabel ?? s.label} (row ${k + 1} of ${n} in ${s.dataset}${more})`, row: k });
    }
  }
  return out;
}

/** The source with `id` in `sources`; a dataset row no longer listed falls back to its test's first row, anything else to the first source. */
export function pickFrom(sources: readonly VarsSource[], id: string): VarsSource {
  return sources.find((s) => s.id === id) ?? sources.find((s) => s.row === 0 && id.startsWith(`${s.id}:row:`)) ?? sources[0];
}

/** The source with `id`, falling back to the defaults when the test no longer exists. */
export function pickSource(doc: PromptDocument, id: string): VarsSource {
  return pickFrom(varsSources(doc), id);
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
