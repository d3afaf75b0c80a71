// The side-by-side prompt text: aligned rows, word highlights, collapsible unchanged regions, change navigation.
// Every piece of prompt text is set with textContent.
import type { DiffSegment, DiffSideLine, DiffTextModel, DiffTextRow } from '../../src/protocol/diff';
import { el } from '../outcomes/dom';

export interface TextView {
  readonly element: HTMLElement;
  /** Scrolls to the next (+1) or previous (-1) change, opening a fold when the change is inside one. */
  go(step: 1 | -1): void;
  /** Which change is current, 1-based, and how many there are. */
  position(): { current: number; total: number };
}

function segments(line: DiffSideLine, whole: boolean): Node[] {
  const segs: readonly DiffSegment[] = line.segments ?? [{ text: line.text, changed: whole }];
  return segs.map((s) => (s.changed ? el('span', { className: 'word-changed', text: s.text }) : document.createTextNode(s.text)));
}

function cells(row: DiffTextRow, side: 'left' | 'right'): HTMLElement[] {
  const line = row[side];
  const kind = line === undefined ? 'empty' : row.kind === 'equal' ? 'equal' : side === 'left' ? 'del' : 'ins';
  const num = el('td', { className: `num ${kind}`, text: line ? String(line.line) : '' });
  const code = el('td', { className: `code ${kind}` });
  if (line) code.append(...segments(line, row.kind !== 'changed' && row.kind !== 'equal'));
  return [num, code];
}

function rowElement(row: DiffTextRow, index: number): HTMLTableRowElement {
  const tr = el('tr', { className: `row ${row.kind} ${row.section}`, attrs: { 'data-row': String(index) } });
  tr.append(...cells(row, 'left'), ...cells(row, 'right'));
  return tr;
}

/** Renders the text diff; with `collapse`, unchanged regions show as one expandable line each. */
export function renderTextView(model: DiffTextModel, collapse: boolean): TextView {
  // Rows go into tables of at most `chunkRows` rows; each chunk skips layout and paint while off-screen
  // (`content-visibility: auto`), so opening a 5,000-line diff lays out only what is visible.
  const chunkRows = 200;
  const table = el('div', { className: 'text-diff-chunks', attrs: { role: 'grid', 'aria-label': 'Prompt text, left and right' } });
  let body: HTMLTableSectionElement | undefined;
  let inChunk = 0;
  const target = (): HTMLTableSectionElement => {
    if (!body || inChunk >= chunkRows) {
      body = el('tbody');
      table.append(el('div', { className: 'chunk' }, [el('table', { className: 'text-diff' }, [body])]));
      inChunk = 0;
    }
    inChunk++;
    return body;
  };
  const rowEls = new Map<number, HTMLTableRowElement>();
  const foldAt = new Map<number, { end: number; el: HTMLTableRowElement }>();
  const expand = (start: number): void => {
    const fold = foldAt.get(start);
    if (!fold) return;
    const rows = document.createDocumentFragment();
    for (let i = start; i < fold.end; i++) {
      const tr = rowElement(model.rows[i], i);
      rowEls.set(i, tr);
      rows.append(tr);
    }
    fold.el.replaceWith(rows);
    foldAt.delete(start);
  };
  let i = 0;
  const folds = collapse ? model.folds : [];
  let f = 0;
  while (i < model.rows.length) {
    const fold = folds[f];
    if (fold && fold.start === i) {
      const n = fold.end - fold.start;
      const tr = el('tr', { className: 'fold' }, [
        el('td', { attrs: { colspan: '4' } }, [el('button', { className: 'link', text: `⋯ ${n} unchanged line${n === 1 ? '' : 's'}`, attrs: { type: 'button', 'data-fold': String(i) } })]),
      ]);
      foldAt.set(i, { end: fold.end, el: tr });
      target().append(tr);
      i = fold.end;
      f++;
      continue;
    }
    const tr = rowElement(model.rows[i], i);
    rowEls.set(i, tr);
    target().append(tr);
    i++;
  }
  table.addEventListener('click', (e) => {
    const t = e.target as HTMLElement;
    const at = t.getAttribute('data-fold');
    if (at !== null) expand(Number(at));
  });

  let current = -1;
  const go = (step: 1 | -1): void => {
    if (model.changes.length === 0) return;
    current = (current + step + model.changes.length) % model.changes.length;
    const rowIndex = model.changes[current];
    for (const [start, fold] of foldAt) if (rowIndex >= start && rowIndex < fold.end) expand(start);
    const tr = rowEls.get(rowIndex);
    for (const old of table.querySelectorAll('.current')) old.classList.remove('current');
    tr?.classList.add('current');
    tr?.scrollIntoView({ block: 'center' });
  };
  const element = el('section', { className: 'text-section' }, [table]);
  if (model.rows.length === 0) element.append(el('p', { className: 'muted', text: 'Both versions are empty.' }));
  return { element, go, position: () => ({ current: current + 1, total: model.changes.length }) };
}
