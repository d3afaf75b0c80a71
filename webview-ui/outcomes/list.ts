// The virtualized outcome list: only the rows in view (plus a margin) exist in the DOM, so 10,000 outcomes render
// and scroll like 30. Row elements are recycled: each has a fixed height and sits at its own offset, contained so
// that laying it out never lays out the others; rows that stay in view are not touched while scrolling, and a row
// coming into view reuses the element of one that left, changing only its text. What a scroll costs is mostly the
// browser laying out and painting the text of the ~20 rows a frame brings in, per text block, so a row has few: the
// test name, one monospaced run of the model and the figures (figures.ts), and the output, set as one line of text
// (not a grid of cells) in column widths computed once per resize (columns.ts). The status glyph and the trend (bars
// and pass rate) are not text: they are drawn into canvases laid over 64 rows at a time (rowAtlas.ts), and the row's
// aria-label says test, status, model and latency for screen readers. Text is formatted once per outcome (rowText),
// tooltips are filled on hover; a frame reads the scroll position and writes rows, never reading layout after a
// write. Keyboard: arrows/Page/Home/End move the selection, Enter opens.
import type { ListMode, SortKey, SortState } from '../../src/protocol/outcomes';
import { el } from '../shared/dom';
import { columnWidths } from './columns';
import { cachedMark, figureColumns, figureGap, figuresWidth } from './figures';
import { rowText, whenTitle } from './rowText';
import { RowAtlas, type AtlasRow } from './rowAtlas';
import { sparkShape } from './sparkShape';
import type { OutcomeRow } from './viewModel';
import { isNavigationKey, moveSelection, scrollToReveal, visibleWindow } from './virtualWindow';

export const rowHeight = 24;
const overscan = 12;

interface Column {
  readonly id: string;
  readonly label: string;
  readonly sort?: SortKey;
}

const columns: readonly Column[] = [
  { id: 'status', label: '', sort: 'status' },
  { id: 'test', label: 'Test', sort: 'test' },
  { id: 'figures', label: '' },
  { id: 'trend', label: 'Trend' },
  { id: 'output', label: 'Output' },
];

/** One recycled row element and its cells, with the row it shows. */
interface RowView {
  readonly node: HTMLDivElement;
  readonly cells: readonly HTMLSpanElement[];
  /** The figures cell's parts: the model's name, the text up to the version, the version, the text after it
   *  (figures.ts). */
  readonly model: HTMLSpanElement;
  readonly lead: Text;
  readonly version: HTMLSpanElement;
  readonly tail: Text;
  /** The cached mark, in the figures cell after `tail` only while the row shows a run served from the cache. */
  readonly cached: HTMLSpanElement;
  index: number;
  /** Set once a tooltip was filled on hover, so the next row shown in this view clears them. */
  titled: boolean;
}

/** The row's cells. The status and trend cells hold no text: their glyph, bars and rate are drawn (rowAtlas.ts); the
 *  cells are there for the pointer (tooltips) and, for the trend, its spoken label. */
const enum Cell { Status, Test, Figures, Trend, Output }

/** Changes a cell's text in place: its one Text node keeps its layout object, rather than being replaced. */
function setText(node: HTMLElement, text: string): void {
  const first = node.firstChild;
  if (first && first.nodeType === Node.TEXT_NODE && first === node.lastChild) {
    if (first.nodeValue !== text) first.nodeValue = text;
  } else if (node.textContent !== text) {
    node.textContent = text;
  }
}

function setData(node: Text, text: string): void {
  if (node.data !== text) node.data = text;
}

function setAttr(node: Element, name: string, value: string | undefined): void {
  if (value === undefined) node.removeAttribute(name);
  else if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

export interface ListCallbacks {
  onOpen(row: OutcomeRow): void;
  onSelect(row: OutcomeRow | undefined): void;
  onSort(key: SortKey): void;
  onScroll(scrollTop: number): void;
}

export class OutcomeList {
  readonly element: HTMLElement;
  private readonly header: HTMLElement;
  private readonly viewport: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly layer: HTMLDivElement;
  private rows: readonly OutcomeRow[] = [];
  private selected = -1;
  private mode: ListMode = 'latest';
  private showPrompt = false;
  private renderedRange = '';
  private frame = 0;
  /** Row views in the layer by the row index they show; spare ones wait in `free`, out of the DOM. */
  private readonly views = new Map<number, RowView>();
  private readonly free: RowView[] = [];
  /** Set when the rows changed, so every view in the window is filled again. */
  private stale = true;
  /** The viewport's height from the resize observer, so a frame never reads layout to learn it. */
  private viewportHeight = 0;
  private readonly atlas: RowAtlas;
  private statusWidth = 0;
  /** Whether the list has keyboard focus (its selected row is then drawn in the active selection's colours). */
  private focused = false;
  /** Inputs of the column widths, from the resize observer: the rows' width and the figures run's width. */
  private rowWidth = 0;
  private figuresPx = 0;
  private columnsKey = '';
  private scrollLeft = 0;

  constructor(private readonly callbacks: ListCallbacks) {
    this.header = el('div', { className: 'row head', attrs: { role: 'presentation' } });
    this.layer = el('div', { className: 'layer' });
    this.spacer = el('div', { className: 'spacer' }, [this.layer]);
    this.viewport = el('div', {
      className: 'viewport',
      attrs: { role: 'listbox', tabindex: '0', 'aria-label': 'Outcomes', id: 'outcome-list' },
    }, [this.spacer]);
    // The glyph, bar and rate colours and the rows' font, as CSS gives them in the current theme (rowAtlas.ts).
    const probe = el('div', { className: 'sheet-probe', attrs: { 'aria-hidden': 'true' } },
      ['passed', 'failed', 'errored', 'rate', 'selected', 'selected-focus'].map((s) => el('span', { className: s })));
    this.atlas = new RowAtlas(probe, rowHeight, this.layer);
    // As wide as the figures run (outcomes.css), so its width in the current editor font is observed, not computed.
    const figuresProbe = el('span', { className: 'figures-probe', attrs: { 'aria-hidden': 'true' } });
    this.element = el('div', { className: 'list' }, [this.header, this.viewport, probe, figuresProbe]);
    // A theme change sets the body's class and the theme variables on <html>: the trends are drawn again in its colours.
    const themeChanged = new MutationObserver(() => {
      this.atlas.reset(this.atlasRows(), this.statusWidth);
      this.stale = true;
      this.schedule();
    });
    themeChanged.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    themeChanged.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    this.element.style.setProperty('--po-figures-chars', String(figuresWidth));
    this.element.style.setProperty('--po-cached-chars', String(cachedMark.length));
    this.viewport.addEventListener('scroll', () => {
      // A list narrower than its row scrolls sideways; the header (outside the scroller) follows.
      const x = this.viewport.scrollLeft;
      if (x !== this.scrollLeft) {
        this.scrollLeft = x;
        this.header.style.transform = x === 0 ? '' : `translateX(${-x}px)`;
      }
      this.schedule();
      this.callbacks.onScroll(this.viewport.scrollTop);
    });
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    // The selected row's glyph is drawn in the selection's colour, which differs with focus.
    this.viewport.addEventListener('focus', () => {
      this.focused = true;
      this.atlas.select(this.selected, true);
    });
    this.viewport.addEventListener('blur', () => {
      this.focused = false;
      this.atlas.select(this.selected, false);
    });
    this.layer.addEventListener('click', (e) => {
      const target = (e.target as Element).closest<HTMLElement>('.row[data-index]');
      if (!target) return;
      this.select(Number(target.dataset.index));
      const row = this.rows[this.selected];
      if (row) this.callbacks.onOpen(row);
    });
    this.layer.addEventListener('mouseover', (e) => this.fillTitle(e.target as Element));
    const resized = new ResizeObserver((entries) => {
      for (const entry of entries) {
        if (entry.target === this.viewport) {
          this.viewportHeight = entry.contentRect.height;
          this.rowWidth = entry.contentRect.width;
        } else {
          this.figuresPx = entry.contentRect.width;
        }
      }
      this.layoutColumns();
      this.schedule();
    });
    resized.observe(this.viewport);
    resized.observe(figuresProbe);
  }

  setSort(sort: SortState): void {
    this.header.replaceChildren(
      ...columns.map((c) => {
        const cell = el('span', { className: `cell ${c.id}` });
        if (c.id === 'figures') {
          // One button per field, as wide as its field in the same monospaced font, so each sits over its figures.
          for (const [i, f] of figureColumns.entries()) {
            const b = this.sortButton(f.label, f.sort, sort);
            b.classList.add('field', f.align);
            b.style.width = `${f.width + (i < figureColumns.length - 1 ? figureGap : 0)}ch`;
            b.style.paddingRight = i < figureColumns.length - 1 ? `${figureGap}ch` : '0';
            cell.appendChild(b);
          }
          return cell;
        }
        if (!c.sort) {
          cell.textContent = c.label;
          return cell;
        }
        cell.appendChild(this.sortButton(c.id === 'status' ? '●' : c.label, c.sort, sort));
        return cell;
      }),
    );
  }

  private sortButton(label: string, key: SortKey, sort: SortState): HTMLButtonElement {
    const active = sort.key === key;
    const arrow = active ? (sort.descending ? ' ▼' : ' ▲') : '';
    const b = el('button', {
      className: 'sort',
      text: `${label}${arrow}`,
      attrs: { type: 'button', title: `Sort by ${key}`, 'aria-label': `Sort by ${key}` },
    });
    if (active) b.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
    b.addEventListener('click', () => this.callbacks.onSort(key));
    return b;
  }

  /** Replaces the rows, keeping the selection on the same outcome id when it is still listed. */
  setRows(rows: readonly OutcomeRow[], mode: ListMode, showPrompt: boolean, selectedId?: string): void {
    this.rows = rows;
    this.mode = mode;
    this.showPrompt = showPrompt;
    this.selected = selectedId === undefined ? -1 : rows.findIndex((r) => r.outcome.id === selectedId);
    this.spacer.style.height = `${rows.length * rowHeight}px`;
    this.atlas.reset(this.atlasRows(), this.statusWidth);
    this.renderedRange = '';
    this.stale = true;
    this.render();
  }

  /** What the atlas draws for each row, by row index: its status, and its trend (latest mode, two runs or more). */
  private atlasRows(): AtlasRow[] {
    return this.rows.map((r) => ({
      status: r.outcome.status,
      trend: this.mode === 'latest' && r.trend && r.trend.points.length > 1 ? r.trend : undefined,
    }));
  }

  get selectedRow(): OutcomeRow | undefined {
    return this.rows[this.selected];
  }

  get visibleRows(): readonly OutcomeRow[] {
    return this.rows;
  }

  focus(): void {
    this.viewport.focus();
  }

  restoreScroll(scrollTop: number): void {
    this.viewport.scrollTop = scrollTop;
    this.render();
  }

  private select(index: number): void {
    const previous = this.views.get(this.selected);
    this.selected = index;
    if (previous) this.markSelected(previous);
    const top = scrollToReveal(index, this.viewport.scrollTop, this.height(), rowHeight);
    if (top !== this.viewport.scrollTop) this.viewport.scrollTop = top;
    this.renderedRange = '';
    this.render();
    const current = this.views.get(index);
    if (current) this.markSelected(current);
    this.atlas.select(index, this.focused);
    this.callbacks.onSelect(this.rows[index]);
  }

  private onKey(e: KeyboardEvent): void {
    if (isNavigationKey(e.key)) {
      e.preventDefault();
      const page = Math.floor(this.height() / rowHeight) - 1;
      this.select(moveSelection(this.selected, e.key, this.rows.length, page));
    } else if (e.key === 'Enter') {
      const row = this.rows[this.selected];
      if (row) {
        e.preventDefault();
        this.callbacks.onOpen(row);
      }
    }
  }

  /** Sets the column widths for the current row width and fonts (called from the resize observer, after layout). */
  private layoutColumns(): void {
    if (this.rowWidth <= 0 || this.figuresPx <= 0) return;
    const em = parseFloat(getComputedStyle(this.viewport).fontSize);
    const c = columnWidths(this.rowWidth, em, this.figuresPx);
    const key = `${c.template}|${c.trendLeft}|${c.rowWidth}|${em}`;
    if (key === this.columnsKey) return;
    this.columnsKey = key;
    // The glyphs and rates are drawn in the rows' font and the status column's width: draw them again.
    this.statusWidth = c.status;
    this.atlas.reset(this.atlasRows(), c.status);
    this.stale = true;
    this.element.style.setProperty('--po-columns', c.template);
    this.element.style.setProperty('--po-status-width', `${c.status}px`);
    this.element.style.setProperty('--po-test-width', `${c.test}px`);
    this.element.style.setProperty('--po-trend-left', `${c.trendLeft}px`);
    this.element.style.setProperty('--po-row-width', `${c.rowWidth}px`);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** The viewport's height; measured only before the resize observer first reported (the first render). */
  private height(): number {
    if (this.viewportHeight <= 0) this.viewportHeight = this.viewport.clientHeight;
    return this.viewportHeight || 600;
  }

  /** Renders the rows in view; a no-op when the window did not move. */
  render(): void {
    const w = visibleWindow({
      scrollTop: this.viewport.scrollTop,
      viewportHeight: this.height(),
      rowHeight,
      rowCount: this.rows.length,
      overscan,
    });
    const range = `${w.start}:${w.end}`;
    if (range === this.renderedRange && !this.stale) return;
    this.renderedRange = range;
    const refill = this.stale;
    this.stale = false;
    // Views that left the window become spare; the ones still in it keep their content unless the rows changed.
    for (const [i, v] of this.views) {
      if (i < w.start || i >= w.end) {
        this.views.delete(i);
        this.free.push(v);
      }
    }
    const now = Date.now();
    const added: HTMLElement[] = [];
    for (let i = w.start; i < w.end; i++) {
      let v = this.views.get(i);
      if (v && !refill) continue;
      if (!v) {
        v = this.free.pop() ?? this.createView();
        if (!v.node.isConnected) added.push(v.node);
        this.views.set(i, v);
      }
      this.fill(v, this.rows[i], i, now);
    }
    for (const v of this.free) if (v.node.isConnected) v.node.remove();
    if (added.length > 0) this.layer.append(...added);
    this.atlas.select(this.selected, this.focused);
    this.atlas.show(w.start, w.end);
    const active = this.selected >= w.start && this.selected < w.end ? `row-${this.selected}` : '';
    if (active) this.viewport.setAttribute('aria-activedescendant', active);
    else this.viewport.removeAttribute('aria-activedescendant');
  }

  private createView(): RowView {
    const classes = ['status', 'test', 'figures', 'trend', 'output'];
    const cells = classes.map((c) => el('span', { className: `cell ${c}` }));
    const model = el('span', { className: 'model' });
    const lead = document.createTextNode('');
    const version = el('span', { className: 'version' });
    const tail = document.createTextNode('');
    cells[Cell.Figures].append(model, lead, version, tail);
    const cached = el('span', { className: 'cached', text: cachedMark });
    const node = el('div', { attrs: { role: 'option' } }, cells);
    return { node, cells, model, lead, version, tail, cached, index: -1, titled: false };
  }

  private markSelected(v: RowView): void {
    const selected = v.index === this.selected;
    v.node.classList.toggle('selected', selected);
    setAttr(v.node, 'id', selected ? `row-${v.index}` : undefined);
    setAttr(v.node, 'aria-selected', String(selected));
  }

  /** Puts one row into a view, touching only what differs from what the view showed before. */
  private fill(v: RowView, row: OutcomeRow, index: number, now: number): void {
    const o = row.outcome;
    const c = v.cells;
    const t = rowText(o, this.showPrompt, now);
    const selected = index === this.selected;
    if (v.titled) this.clearTitles(v);
    v.index = index;
    const className = `row ${o.status}${selected ? ' selected' : ''}`;
    if (v.node.className !== className) v.node.className = className;
    v.node.style.top = `${index * rowHeight}px`;
    // Only the selected row needs its id (aria-activedescendant names it): one attribute less per row scrolled in.
    setAttr(v.node, 'id', selected ? `row-${index}` : undefined);
    v.node.dataset.index = String(index);
    setAttr(v.node, 'aria-selected', String(selected));
    setAttr(v.node, 'aria-posinset', String(index + 1));
    setAttr(v.node, 'aria-setsize', String(this.rows.length));
    setAttr(v.node, 'aria-label', t.ariaLabel);
    setText(c[Cell.Test], t.test);
    setText(v.model, t.model);
    setData(v.lead, t.lead);
    const versionClass = row.changed ? 'version changed' : 'version';
    if (v.version.className !== versionClass) v.version.className = versionClass;
    setText(v.version, t.version);
    setData(v.tail, t.tail);
    if (o.cached !== v.cached.isConnected) {
      if (o.cached) c[Cell.Figures].appendChild(v.cached);
      else v.cached.remove();
    }
    this.fillTrend(v, row, index);
    setText(c[Cell.Output], t.output);
  }

  /** Tooltips are filled when the pointer reaches a cell: setting them for every row scrolled past is wasted work. */
  private fillTitle(target: Element): void {
    const cell = target.closest<HTMLElement>('.cell');
    const node = cell?.parentElement;
    const version = target.closest<HTMLElement>('.version');
    const model = target.closest<HTMLElement>('.model');
    if (!cell || !node?.dataset.index) return;
    const row = this.rows[Number(node.dataset.index)];
    const v = this.views.get(Number(node.dataset.index));
    if (!row || !v) return;
    const o = row.outcome;
    const title = version ? (row.changed ? `${o.versionLabel} — changed since the previous version` : o.versionLabel)
      : model ? o.model
        : cell.classList.contains('status') ? o.status
          : cell.classList.contains('test') ? rowText(o, this.showPrompt, Date.now()).test
            : cell.classList.contains('figures') ? `${whenTitle(o)}${o.cached ? ' · served from cache' : ''}`
              : cell.classList.contains('drawn') && row.trend ? sparkShape(row.trend).label
                : undefined;
    setAttr(version ?? model ?? cell, 'title', title);
    v.titled = true;
  }

  private clearTitles(v: RowView): void {
    for (const cell of v.cells) cell.removeAttribute('title');
    v.version.removeAttribute('title');
    v.model.removeAttribute('title');
    v.titled = false;
  }

  /** The trend: its bars and pass rate are drawn over the cell by the atlas; the cell carries its spoken label. */
  private fillTrend(v: RowView, row: OutcomeRow, index: number): void {
    const cell = v.cells[Cell.Trend];
    const drawn = row.trend !== undefined && this.atlas.hasTrend(index);
    const className = drawn ? 'cell trend drawn' : 'cell trend';
    if (cell.className !== className) cell.className = className;
    if (drawn && row.trend) {
      setAttr(cell, 'role', 'img');
      setAttr(cell, 'aria-label', sparkShape(row.trend).label);
    } else {
      setAttr(cell, 'role', undefined);
      setAttr(cell, 'aria-label', undefined);
    }
  }
}
