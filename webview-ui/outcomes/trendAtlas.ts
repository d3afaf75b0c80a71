// The per-test trends on screen, drawn as bitmaps: the trends of 64 consecutive rows go into one canvas ("sheet"),
// encoded once as a PNG and shown as the background image of each row's trend cell at that row's offset. A row
// scrolled into view then costs one background position, not an SVG with its paths to lay out and paint: the SVG was
// ≈ 2 ms of each scrolled frame in latest mode (docs/benchmarks.md, "Scrolling, fourth pass"). Colours are the
// theme's: read from CSS (`.trend-probe`, outcomes.css) when a sheet is drawn, and every sheet is dropped when the
// theme changes. A data: URL because the webview's CSP allows `img-src data:` (and no blob:).
import { sparkHeight, sparkWidth, statuses } from './sparkShape';
import { trendBars } from './trendBars';
import type { Trend } from './viewModel';

/** Rows per sheet. */
export const slotsPerSheet = 64;

/** Where a trend is in the atlas: the class whose rule names its sheet's image, and its slot's offset in it. */
export interface TrendPlace {
  readonly sheetClass: string;
  readonly offsetY: number;
}

export class TrendAtlas {
  private trends: readonly (Trend | undefined)[] = [];
  private readonly sheets = new Map<number, string>();
  private readonly rules = new CSSStyleSheet();
  private generation = 0;

  /** `probe` holds one element per result (class passed/failed/errored) whose CSS `color` is its bars' colour. */
  constructor(private readonly probe: HTMLElement, private readonly slotHeight: number) {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.rules];
  }

  /** The trends of the list's rows, by row index; drops every drawn sheet (rows, order or theme changed). */
  reset(trends: readonly (Trend | undefined)[]): void {
    this.trends = trends;
    this.sheets.clear();
    this.generation++;
    while (this.rules.cssRules.length > 0) this.rules.deleteRule(0);
  }

  /** The place of row `index`'s trend, drawing its sheet on first use; undefined when the row has no trend. */
  place(index: number): TrendPlace | undefined {
    if (!this.trends[index]) return undefined;
    const sheet = Math.floor(index / slotsPerSheet);
    let sheetClass = this.sheets.get(sheet);
    if (!sheetClass) {
      sheetClass = `trend-sheet-${this.generation}-${sheet}`;
      const url = this.draw(sheet);
      const height = slotsPerSheet * this.slotHeight;
      this.rules.insertRule(`.cell.trend.${sheetClass} { background-image: url("${url}"); background-size: ${sparkWidth}px ${height}px; }`);
      this.sheets.set(sheet, sheetClass);
    }
    return { sheetClass, offsetY: -(index % slotsPerSheet) * this.slotHeight };
  }

  private colours(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const s of statuses) {
      const node = this.probe.querySelector(`.${s}`);
      out[s] = node ? getComputedStyle(node).color : 'currentColor';
    }
    return out;
  }

  /** Draws the trends of one sheet's rows, each centred in its slot, in whole device pixels so bars stay crisp. */
  private draw(sheet: number): string {
    const scale = Math.max(1, Math.round(window.devicePixelRatio || 1));
    const canvas = document.createElement('canvas');
    canvas.width = sparkWidth * scale;
    canvas.height = slotsPerSheet * this.slotHeight * scale;
    const g = canvas.getContext('2d');
    if (!g) return '';
    const colours = this.colours();
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
    return canvas.toDataURL('image/png');
  }
}
