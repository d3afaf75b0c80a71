// The per-test trends on screen, drawn as bitmaps: the trends of 64 consecutive rows go into one canvas ("sheet"),
// laid over the trend column of those rows (under the pointer, which passes through to the row's cell). A row scrolled
// into view then costs nothing for its bars; a sheet is drawn once, when the window first reaches its rows, and two or
// three exist at a time. Before (9aa0c99) a sheet was a PNG `data:` URL shown as each trend cell's background at the
// row's offset: painting a slice of a tall background image cost ≈ 2 ms of main thread per scrolled frame in latest
// mode (docs/benchmarks.md, "Scrolling, fifth pass"); an SVG per row cost about as much in layout. Colours are the
// theme's: read from CSS (`.trend-probe`, outcomes.css) when a sheet is drawn; every sheet is drawn again when the
// rows or the theme change.
import { sparkHeight, sparkWidth, statuses } from './sparkShape';
import { trendBars } from './trendBars';
import type { Trend } from './viewModel';

/** Rows per sheet. */
export const slotsPerSheet = 64;

interface Sheet {
  readonly canvas: HTMLCanvasElement;
  /** Which sheet it shows now, and for which generation of trends (-1: none). */
  index: number;
  generation: number;
}

export class TrendAtlas {
  private trends: readonly (Trend | undefined)[] = [];
  private generation = 0;
  /** Sheets on screen by sheet index; spare canvases wait in `spare`, out of the DOM. */
  private readonly shown = new Map<number, Sheet>();
  private readonly spare: Sheet[] = [];
  /** The bars' colours, read from CSS once per generation. */
  private colourCache: Record<string, string> = {};
  private coloursGeneration = -1;

  /**
   * `probe` holds one element per result (class passed/failed/errored) whose CSS `color` is its bars' colour; sheets
   * go into `layer` (the rows' container), at the top of their first row and, horizontally, where CSS puts them
   * (`.trend-sheet`, at the trend column's offset).
   */
  constructor(private readonly probe: HTMLElement, private readonly slotHeight: number, private readonly layer: HTMLElement) {}

  /** The trends of the list's rows, by row index; every sheet is drawn again (rows, order or theme changed). */
  reset(trends: readonly (Trend | undefined)[]): void {
    this.trends = trends;
    this.generation++;
  }

  /** Whether row `index` shows a trend. */
  has(index: number): boolean {
    return this.trends[index] !== undefined;
  }

  /** Shows the sheets that cover rows start..end-1 (and only those), drawing the ones not drawn yet. */
  show(start: number, end: number): void {
    const first = Math.floor(start / slotsPerSheet);
    const last = Math.floor(Math.max(start, end - 1) / slotsPerSheet);
    for (const [i, s] of this.shown) {
      if (i < first || i > last || !this.sheetHasTrends(i)) {
        this.shown.delete(i);
        s.canvas.remove();
        this.spare.push(s);
      }
    }
    for (let i = first; i <= last && end > start; i++) {
      if (!this.sheetHasTrends(i)) continue;
      let s = this.shown.get(i);
      if (!s) {
        s = this.spare.pop() ?? this.createSheet();
        this.shown.set(i, s);
        this.layer.appendChild(s.canvas);
      }
      if (s.index !== i || s.generation !== this.generation) this.draw(s, i, this.colours());
    }
  }

  private sheetHasTrends(sheet: number): boolean {
    const end = Math.min(this.trends.length, (sheet + 1) * slotsPerSheet);
    for (let i = sheet * slotsPerSheet; i < end; i++) if (this.trends[i]) return true;
    return false;
  }

  private createSheet(): Sheet {
    const canvas = document.createElement('canvas');
    canvas.className = 'trend-sheet';
    canvas.setAttribute('aria-hidden', 'true');
    return { canvas, index: -1, generation: -1 };
  }

  /** The theme's colours for this generation, read once (a style read, after the theme's variables are set). */
  private colours(): Record<string, string> {
    if (this.coloursGeneration === this.generation) return this.colourCache;
    const out: Record<string, string> = {};
    for (const s of statuses) {
      const node = this.probe.querySelector(`.${s}`);
      out[s] = node ? getComputedStyle(node).color : 'currentColor';
    }
    this.colourCache = out;
    this.coloursGeneration = this.generation;
    return out;
  }

  /** Draws the trends of one sheet's rows, each centred in its slot, in whole device pixels so bars stay crisp. */
  private draw(s: Sheet, sheet: number, colours: Record<string, string>): void {
    const scale = Math.max(1, Math.round(window.devicePixelRatio || 1));
    const height = slotsPerSheet * this.slotHeight;
    const c = s.canvas;
    if (c.width !== sparkWidth * scale) c.width = sparkWidth * scale;
    if (c.height !== height * scale) c.height = height * scale;
    c.style.width = `${sparkWidth}px`;
    c.style.height = `${height}px`;
    c.style.top = `${sheet * height}px`;
    s.index = sheet;
    s.generation = this.generation;
    const g = c.getContext('2d');
    if (!g) return;
    g.clearRect(0, 0, c.width, c.height);
    const top = Math.floor((this.slotHeight - sparkHeight) / 2);
    for (let slot = 0; slot < slotsPerSheet; slot++) {
      const trend = this.trends[sheet * slotsPerSheet + slot];
      if (!trend) continue;
      for (const b of trendBars(trend, sparkWidth, sparkHeight)) {
        g.fillStyle = colours[b.status] ?? colours.errored;
        const x0 = Math.round(b.x * scale);
        const x1 = Math.max(x0 + 1, Math.round((b.x + b.w) * scale));
        const y1 = (slot * this.slotHeight + top + sparkHeight) * scale;
        const h = Math.max(1, Math.round(b.h * scale));
        g.fillRect(x0, y1 - h, x1 - x0, h);
      }
    }
  }
}
