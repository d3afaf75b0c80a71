// The side-by-side prompt text: aligned rows, word highlights, collapsible unchanged regions, change navigation.
// Virtualized: every display line has the same height and only the lines in (and near) the scroll box's viewport
// exist in the DOM, so a 5,000-line diff costs what one screen costs. Every piece of prompt text is set with
// textContent.
import type { DiffSegment, DiffSideLine, DiffTextModel, DiffTextRow } from '../../src/protocol/diff';
import { el } from '../shared/dom';
import { centeredScrollTop, displayIndexOfRow, displayItems, lineWindow, revealScrollTop, textKeyAction, type DisplayItem, type LineWindow } from './textLayout';

export interface TextView {
  readonly element: HTMLElement;
  /** Scrolls to the next (+1) or previous (-1) change, opening a fold when the change is inside one. */
  go(step: 1 | -1): void;
  /** Which change is current, 1-based, and how many there are. */
  position(): { current: number; total: number };
  /** Stops watching the scroll box's size (call before dropping the view). */
  dispose(): void;
}

/** Lines built beyond each edge of the viewport, so fast scrolling shows no blank band. */
const OVERSCAN = 20;
/** Longest line (in characters) the columns are widened for; longer lines are clipped at that width. */
const MAX_COLUMN_CHARS = 2000;
let views = 0;

function segments(line: DiffSideLine, whole: boolean): Node[] {
  const segs: readonly DiffSegment[] = line.segments ?? [{ text: line.text, changed: whole }];
  return segs.map((s) => (s.changed ? el('span', { className: 'word-changed', text: s.text }) : document.createTextNode(s.text)));
}

function cells(row: DiffTextRow, side: 'left' | 'right'): HTMLElement[] {
  const line = row[side];
  const kind = line === undefined ? 'empty' : row.kind === 'equal' ? 'equal' : side === 'left' ? 'del' : 'ins';
  const num = el('td', { className: `num ${kind}`, text: line ? String(line.line) : '', attrs: { role: 'gridcell' } });
  const code = el('td', { className: `code ${kind}`, attrs: { role: 'gridcell' } });
  if (line) code.append(...segments(line, row.kind !== 'changed' && row.kind !== 'equal'));
  return [num, code];
}

/** What a screen reader says for a line: colour carries the change kind for sighted users only. */
function rowLabel(row: DiffTextRow): string {
  const side = (name: string, line: DiffSideLine | undefined): string => (line ? `${name} line ${line.line}: ${line.text || '(empty)'}` : `${name}: none`);
  if (row.kind === 'equal') return `unchanged ${side('left', row.left)}; ${side('right', row.right)}`;
  return `${row.kind} ${side('left', row.left)}; ${side('right', row.right)}`;
}

function longestLine(model: DiffTextModel): number {
  let max = 0;
  for (const row of model.rows) max = Math.max(max, row.left?.text.length ?? 0, row.right?.text.length ?? 0);
  return Math.min(max, MAX_COLUMN_CHARS);
}

/** Renders the text diff; with `collapse`, unchanged regions show as one expandable line each. */
export function renderTextView(model: DiffTextModel, collapse: boolean, onMove: () => void = () => undefined): TextView {
  const idPrefix = `text-line-${++views}`;
  const folds = collapse ? model.folds : [];
  const expanded = new Set<number>();
  let items: DisplayItem[] = displayItems(model.rows.length, folds, expanded);
  let rowHeight = 20;
  let measured = false;
  let current = -1;
  let active = -1;
  let shown: LineWindow | undefined;

  const body = el('tbody');
  const colgroup = el('colgroup', {}, [el('col', { className: 'num' }), el('col', { className: 'code' }), el('col', { className: 'num' }), el('col', { className: 'code' })]);
  const table = el('table', {
    className: 'text-diff',
    attrs: { role: 'grid', tabindex: '0', 'aria-label': 'Prompt text, left and right. Arrow keys move by line, F7 and Shift+F7 by change, Enter opens a folded region.', 'aria-colcount': '4' },
  }, [colgroup, body]);
  table.style.width = `max(100%, calc(8em + ${2 * longestLine(model)}ch + 24px))`;
  const spacer = el('div', { className: 'text-spacer' }, [table]);
  const scroller = el('div', { className: 'text-scroll' }, [spacer]);

  const viewport = (): number => scroller.clientHeight || Math.round(window.innerHeight * 0.7);
  const lineId = (i: number): string => `${idPrefix}-${i}`;
  const changeRow = (): number | undefined => (current >= 0 ? model.changes[current] : undefined);

  function lineElement(i: number): HTMLTableRowElement {
    const item = items[i];
    const attrs = { id: lineId(i), role: 'row', 'aria-rowindex': String(i + 1) };
    if (!item || item.kind === 'fold') {
      const n = item ? item.end - item.start : 0;
      const label = `⋯ ${n} unchanged line${n === 1 ? '' : 's'}`;
      return el('tr', { className: `fold${i === active ? ' active' : ''}`, attrs: { ...attrs, 'aria-label': `${label}, press Enter to show` } }, [
        el('td', { attrs: { colspan: '4', role: 'gridcell' } }, [el('button', { className: 'link', text: label, attrs: { type: 'button', tabindex: '-1', 'data-fold': String(item?.start ?? -1) } })]),
      ]);
    }
    const row = model.rows[item.row];
    if (!row) return el('tr', { attrs });
    const cls = `row ${row.kind} ${row.section}${item.row === changeRow() ? ' current' : ''}${i === active ? ' active' : ''}`;
    const tr = el('tr', { className: cls, attrs: { ...attrs, 'data-row': String(item.row), 'aria-label': rowLabel(row) } });
    tr.append(...cells(row, 'left'), ...cells(row, 'right'));
    return tr;
  }

  /** Builds the lines of the current window; `force` rebuilds even when the window did not move. */
  function update(force = false): void {
    if (!measured && scroller.isConnected) {
      // One line of the editor font, whatever the user's font size is; rows never wrap, so this is every row's height.
      const size = parseFloat(getComputedStyle(table).fontSize);
      measured = true;
      if (size > 0 && Math.ceil(size * 1.4) !== rowHeight) {
        rowHeight = Math.ceil(size * 1.4);
        force = true;
      }
    }
    scroller.style.setProperty('--row-h', `${rowHeight}px`);
    spacer.style.height = `${items.length * rowHeight}px`;
    const next = lineWindow(scroller.scrollTop, viewport(), rowHeight, items.length, OVERSCAN);
    if (!force && shown && next.start === shown.start && next.end === shown.end) return;
    shown = next;
    table.style.top = `${next.start * rowHeight}px`;
    const lines: HTMLTableRowElement[] = [];
    for (let i = next.start; i < next.end; i++) lines.push(lineElement(i));
    body.replaceChildren(...lines);
    table.setAttribute('aria-rowcount', String(items.length));
    if (active >= next.start && active < next.end) table.setAttribute('aria-activedescendant', lineId(active));
    else table.removeAttribute('aria-activedescendant');
  }

  function scrollTo(top: number): void {
    scroller.scrollTop = top;
    update(true);
  }

  function expand(start: number): void {
    const at = items.findIndex((it) => it.kind === 'fold' && it.start === start);
    const fold = items[at];
    if (!fold || fold.kind !== 'fold') return;
    expanded.add(start);
    items = displayItems(model.rows.length, folds, expanded);
    if (active > at) active += fold.end - fold.start - 1;
    update(true);
  }

  function setActive(i: number): void {
    active = Math.min(items.length - 1, Math.max(0, i));
    scrollTo(revealScrollTop(active, scroller.scrollTop, viewport(), rowHeight));
  }

  function go(step: 1 | -1): void {
    const n = model.changes.length;
    if (n === 0) return;
    current = current < 0 ? (step > 0 ? 0 : n - 1) : (current + step + n) % n;
    const row = model.changes[current] ?? 0;
    let d = displayIndexOfRow(items, row);
    const item = items[d];
    if (item?.kind === 'fold') {
      expand(item.start);
      d = displayIndexOfRow(items, row);
    }
    active = d;
    scrollTo(centeredScrollTop(d, viewport(), rowHeight, items.length));
    // The scroll box may itself be off-screen on the page: bring the line into view there too.
    document.getElementById(lineId(d))?.scrollIntoView({ block: 'nearest' });
  }

  table.addEventListener('click', (e) => {
    const at = (e.target as HTMLElement).closest('[data-fold]')?.getAttribute('data-fold');
    if (at === null || at === undefined) return;
    const start = Number(at);
    expand(start);
    // The clicked button is gone; keep the keyboard on the first line it revealed.
    active = displayIndexOfRow(items, start);
    update(true);
    table.focus({ preventScroll: true });
  });
  table.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const action = textKeyAction(e.key, e.shiftKey, viewport() / rowHeight - 1);
    if (!action || (e.target !== table && !('change' in action))) return;
    e.preventDefault();
    if ('change' in action) {
      go(action.change);
      onMove();
    } else if ('to' in action) setActive(action.to === 'first' ? 0 : items.length - 1);
    else if ('move' in action) setActive(active < 0 ? 0 : active + action.move);
    else {
      const item = items[active];
      if (item?.kind === 'fold') expand(item.start);
    }
  });
  table.addEventListener('focus', () => {
    if (active < 0 && items.length > 0) setActive(lineWindow(scroller.scrollTop, viewport(), rowHeight, items.length, 0).start);
  });
  scroller.addEventListener('scroll', () => update(), { passive: true });
  // Fires once the view is in the page (so the font can be measured) and whenever the scroll box changes size.
  const resize = new ResizeObserver(() => update());
  resize.observe(scroller);

  update(true);
  const element = el('section', { className: 'text-section' }, [scroller]);
  if (model.rows.length === 0) element.append(el('p', { className: 'muted', text: 'Both versions are empty.' }));
  return {
    element,
    go,
    position: () => ({ current: current + 1, total: model.changes.length }),
    dispose: () => resize.disconnect(),
  };
}
