// The virtualized outcome list: only the rows in view (plus a margin) exist in the DOM, so 10,000 outcomes render
// and scroll like 30. Keyboard: arrows/Page/Home/End move the selection, Enter opens it.
import type { ListMode, SortKey, SortState } from '../../src/protocol/outcomes';
import { el } from '../shared/dom';
import { formatCost, formatLatency, formatPercent, formatScore, formatTokens, formatWhen } from './format';
import { renderSparkline } from './sparkline';
import type { OutcomeRow } from './viewModel';
import { isNavigationKey, moveSelection, scrollToReveal, visibleWindow } from './virtualWindow';

export const rowHeight = 24;
const overscan = 12;

const statusGlyph = { passed: '✓', failed: '✗', errored: '!' } as const;

interface Column {
  readonly id: string;
  readonly label: string;
  readonly sort?: SortKey;
}

const columns: readonly Column[] = [
  { id: 'status', label: '', sort: 'status' },
  { id: 'test', label: 'Test', sort: 'test' },
  { id: 'model', label: 'Model', sort: 'model' },
  { id: 'score', label: 'Score', sort: 'score' },
  { id: 'latency', label: 'Latency', sort: 'latency' },
  { id: 'tokens', label: 'Tokens', sort: 'tokens' },
  { id: 'cost', label: 'Cost', sort: 'cost' },
  { id: 'when', label: 'When', sort: 'time' },
  { id: 'version', label: 'Version', sort: 'version' },
  { id: 'trend', label: 'Trend' },
  { id: 'output', label: 'Output' },
];

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

  constructor(private readonly callbacks: ListCallbacks) {
    this.header = el('div', { className: 'row head', attrs: { role: 'presentation' } });
    this.layer = el('div', { className: 'layer' });
    this.spacer = el('div', { className: 'spacer' }, [this.layer]);
    this.viewport = el('div', {
      className: 'viewport',
      attrs: { role: 'listbox', tabindex: '0', 'aria-label': 'Outcomes', id: 'outcome-list' },
    }, [this.spacer]);
    this.element = el('div', { className: 'list' }, [this.header, this.viewport]);
    this.viewport.addEventListener('scroll', () => {
      this.schedule();
      this.callbacks.onScroll(this.viewport.scrollTop);
    });
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    this.layer.addEventListener('click', (e) => {
      const target = (e.target as Element).closest<HTMLElement>('.row[data-index]');
      if (!target) return;
      this.select(Number(target.dataset.index));
      const row = this.rows[this.selected];
      if (row) this.callbacks.onOpen(row);
    });
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
  }

  setSort(sort: SortState): void {
    this.header.replaceChildren(
      ...columns.map((c) => {
        const cell = el('span', { className: `cell ${c.id}` });
        if (!c.sort) {
          cell.textContent = c.label;
          return cell;
        }
        const active = sort.key === c.sort;
        const arrow = active ? (sort.descending ? ' ▼' : ' ▲') : '';
        const b = el('button', {
          className: 'sort',
          text: c.id === 'status' ? `●${arrow}` : `${c.label}${arrow}`,
          attrs: { type: 'button', title: `Sort by ${c.sort}`, 'aria-label': `Sort by ${c.sort}` },
        });
        if (active) b.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
        const key = c.sort;
        b.addEventListener('click', () => this.callbacks.onSort(key));
        cell.appendChild(b);
        return cell;
      }),
    );
  }

  /** Replaces the rows, keeping the selection on the same outcome id when it is still listed. */
  setRows(rows: readonly OutcomeRow[], mode: ListMode, showPrompt: boolean, selectedId?: string): void {
    this.rows = rows;
    this.mode = mode;
    this.showPrompt = showPrompt;
    this.selected = selectedId === undefined ? -1 : rows.findIndex((r) => r.outcome.id === selectedId);
    this.spacer.style.height = `${rows.length * rowHeight}px`;
    this.renderedRange = '';
    this.render();
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
    this.selected = index;
    const top = scrollToReveal(index, this.viewport.scrollTop, this.viewport.clientHeight, rowHeight);
    if (top !== this.viewport.scrollTop) this.viewport.scrollTop = top;
    this.renderedRange = '';
    this.render();
    this.callbacks.onSelect(this.rows[index]);
  }

  private onKey(e: KeyboardEvent): void {
    if (isNavigationKey(e.key)) {
      e.preventDefault();
      const page = Math.floor(this.viewport.clientHeight / rowHeight) - 1;
      this.select(moveSelection(this.selected, e.key, this.rows.length, page));
    } else if (e.key === 'Enter') {
      const row = this.rows[this.selected];
      if (row) {
        e.preventDefault();
        this.callbacks.onOpen(row);
      }
    }
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Renders the rows in view; a no-op when the window did not move. */
  render(): void {
    const w = visibleWindow({
      scrollTop: this.viewport.scrollTop,
      viewportHeight: this.viewport.clientHeight || 600,
      rowHeight,
      rowCount: this.rows.length,
      overscan,
    });
    const range = `${w.start}:${w.end}`;
    if (range === this.renderedRange) return;
    this.renderedRange = range;
    const now = Date.now();
    const nodes: HTMLElement[] = [];
    for (let i = w.start; i < w.end; i++) nodes.push(this.renderRow(this.rows[i], i, now));
    this.layer.style.transform = `translateY(${w.offsetTop}px)`;
    this.layer.replaceChildren(...nodes);
    const active = this.selected >= w.start && this.selected < w.end ? `row-${this.selected}` : '';
    if (active) this.viewport.setAttribute('aria-activedescendant', active);
    else this.viewport.removeAttribute('aria-activedescendant');
  }

  private renderRow(row: OutcomeRow, index: number, now: number): HTMLElement {
    const o = row.outcome;
    const test = this.showPrompt ? `${o.promptLabel} › ${o.testName}` : o.testName;
    const testText = o.caseLabel ? `${test} (${o.caseLabel})` : test;
    const selected = index === this.selected;
    const cells: HTMLElement[] = [
      el('span', { className: `cell status ${o.status}`, text: statusGlyph[o.status], attrs: { title: o.status } }),
      el('span', { className: 'cell test', text: testText, attrs: { title: testText } }),
      el('span', { className: 'cell model', text: o.model, attrs: { title: o.model } }),
      el('span', { className: 'cell score num', text: formatScore(o.score) }),
      el('span', { className: 'cell latency num', text: formatLatency(o.latencyMs) }),
      el('span', { className: 'cell tokens num', text: formatTokens(o.inputTokens, o.outputTokens) }),
      el('span', { className: 'cell cost num', text: `${formatCost(o.costUsd)}${o.cached ? ' ⟲' : ''}`, attrs: o.cached ? { title: 'served from cache' } : {} }),
      el('span', { className: 'cell when', text: formatWhen(o.time, now), attrs: { title: new Date(o.time).toLocaleString() } }),
      el('span', { className: `cell version${row.changed ? ' changed' : ''}`, text: o.versionLabel, attrs: { title: row.changed ? `${o.versionLabel} — changed since the previous version` : o.versionLabel } }),
      this.trendCell(row),
      el('span', { className: 'cell output', text: o.message && o.status !== 'passed' ? `${o.message} — ${o.outputPreview}` : o.outputPreview }),
    ];
    const node = el('div', {
      className: `row ${o.status}${selected ? ' selected' : ''}`,
      attrs: {
        role: 'option',
        id: `row-${index}`,
        'aria-selected': String(selected),
        'aria-posinset': String(index + 1),
        'aria-setsize': String(this.rows.length),
        'aria-label': `${testText}, ${o.status}, ${o.model}, ${formatLatency(o.latencyMs)}`,
      },
    }, cells);
    node.dataset.index = String(index);
    return node;
  }

  private trendCell(row: OutcomeRow): HTMLElement {
    const cell = el('span', { className: 'cell trend' });
    if (this.mode === 'latest' && row.trend && row.trend.points.length > 1) {
      cell.appendChild(renderSparkline(document, row.trend));
      cell.appendChild(el('span', { className: 'rate', text: formatPercent(row.trend.passRate) }));
    }
    return cell;
  }
}
