// What the list's rows show as pictures rather than text, drawn into canvases 64 rows at a time ("sheets"): each row's
// status glyph (✓ ✗ !) in the status column, and its trend (the bars, then the pass rate) in the trend column. Each
// text block in a row costs the browser layout and paint on every row a scroll brings in (≈ 40–90 µs each, ~20 rows a
// frame; docs/benchmarks.md, "Outcome panel"); a sheet is drawn once, when the window first reaches its rows, and two
// or three exist at a time, laid over the rows (under the pointer, which passes through to the row's cells). Before
// 96095de the trend was a PNG background per row, and before 9aa0c99 an SVG per row: both cost more per frame.
// Drawing a sheet sets each colour once (one path of glyphs per status, the bars grouped by colour, the rates in one
// colour): copying a pre-drawn bitmap per row cost more. Colours are the theme's, read from CSS (`.sheet-probe`,
// outcomes.css); every sheet is drawn again when the rows, the theme or the font change. The selected row's glyph takes the selection's text
// colour (the status colours are not made for its background), so selecting redraws two glyphs.
import type { OutcomeStatus } from '../../src/protocol/outcomes';
import { trendWidth } from './columns';
import { sparkHeight, sparkShape, sparkWidth, statuses } from './sparkShape';
import { trendBars } from './trendBars';
import type { Trend } from './viewModel';

/** Rows per sheet. */
export const slotsPerSheet = 64;
/** Where the pass rate starts in the trend column, px (after the bars and a gap). */
export const rateLeft = sparkWidth + 4;

interface Sheet {
  readonly status: HTMLCanvasElement;
  readonly trend: HTMLCanvasElement;
  /** Which sheet it shows now, and for which generation of rows (-1: none). */
  index: number;
  generation: number;
}

/** The theme's colours and the row's font, read from CSS once per generation. */
interface Look {
  readonly colours: Record<string, string>;
  readonly font: string;
  /** The rows' font size, px. */
  readonly em: number;
  readonly scale: number;
}

export interface AtlasRow {
  readonly status: OutcomeStatus;
  /** The trend shown in the row, if any (latest mode, two runs or more). */
  readonly trend?: Trend;
}

export class RowAtlas {
  private rows: readonly AtlasRow[] = [];
  private generation = 0;
  private readonly shown = new Map<number, Sheet>();
  private readonly spare: Sheet[] = [];
  private look: Look | undefined;
  private lookGeneration = -1;
  private statusWidth = 0;
  private selected = -1;
  private focused = false;

  /**
   * `probe` holds one element per colour (classes passed, failed, errored, rate, selected, selected-focus) whose CSS
   * `color` it is, and takes the row's font; sheets go into `layer` (the rows' container), at the top of their first
   * row and, horizontally, where CSS puts them (`.status-sheet`, `.trend-sheet`).
   */
  constructor(private readonly probe: HTMLElement, private readonly slotHeight: number, private readonly layer: HTMLElement) {}

  /** The list's rows; every sheet is drawn again (rows, order, theme or font changed). */
  reset(rows: readonly AtlasRow[], statusWidth: number): void {
    this.rows = rows;
    this.statusWidth = statusWidth;
    this.generation++;
  }

  /** Whether row `index` shows a trend. */
  hasTrend(index: number): boolean {
    return this.rows[index]?.trend !== undefined;
  }

  /** Marks the selected row (and whether the list has focus): its glyph is drawn in the selection's text colour. */
  select(index: number, focused: boolean): void {
    if (index === this.selected && focused === this.focused) return;
    const before = this.selected;
    this.selected = index;
    this.focused = focused;
    for (const i of new Set([before, index])) this.redrawGlyph(i);
  }

  /** Shows the sheets that cover rows start..end-1 (and only those), drawing the ones not drawn yet. */
  show(start: number, end: number): void {
    const first = Math.floor(start / slotsPerSheet);
    const last = Math.floor(Math.max(start, end - 1) / slotsPerSheet);
    for (const [i, s] of this.shown) {
      if (i < first || i > last || end <= start) {
        this.shown.delete(i);
        s.status.remove();
        s.trend.remove();
        this.spare.push(s);
      }
    }
    for (let i = first; i <= last && end > start; i++) {
      let s = this.shown.get(i);
      if (!s) {
        s = this.spare.pop() ?? this.createSheet();
        this.shown.set(i, s);
        this.layer.appendChild(s.status);
      }
      if (s.index !== i || s.generation !== this.generation) this.draw(s, i);
    }
  }

  private createSheet(): Sheet {
    const canvas = (className: string): HTMLCanvasElement => {
      const c = document.createElement('canvas');
      c.className = className;
      c.setAttribute('aria-hidden', 'true');
      return c;
    };
    return { status: canvas('status-sheet'), trend: canvas('trend-sheet'), index: -1, generation: -1 };
  }

  /** The theme's colours and the row's font for this generation (style reads, after the theme's variables are set). */
  private currentLook(): Look {
    if (this.look && this.lookGeneration === this.generation) return this.look;
    const colours: Record<string, string> = {};
    for (const name of [...statuses, 'rate', 'selected', 'selected-focus']) {
      const node = this.probe.querySelector(`.${name}`);
      colours[name] = node ? getComputedStyle(node).color : 'currentColor';
    }
    const style = getComputedStyle(this.probe);
    // Until the list has measured its columns, the status column's width as columns.ts will give it.
    if (this.statusWidth <= 0) this.statusWidth = Math.ceil(1.5 * (parseFloat(style.fontSize) || 13));
    this.look = { colours, font: `${style.fontSize} ${style.fontFamily}`, em: parseFloat(style.fontSize) || 13, scale: Math.max(1, Math.round(window.devicePixelRatio || 1)) };
    this.lookGeneration = this.generation;
    return this.look;
  }

  private draw(s: Sheet, sheet: number): void {
    const look = this.currentLook();
    const height = slotsPerSheet * this.slotHeight;
    const first = sheet * slotsPerSheet;
    s.index = sheet;
    s.generation = this.generation;
    size(s.status, this.statusWidth, height, sheet, look.scale);
    const g = s.status.getContext('2d');
    if (g) {
      g.setTransform(1, 0, 0, 1, 0, 0);
      g.clearRect(0, 0, s.status.width, s.status.height);
      g.setTransform(look.scale, 0, 0, look.scale, 0, 0);
      // One path per colour for the whole sheet: setting a colour and stroking are the dear calls, not the lines.
      for (const status of statuses) {
        const slots: number[] = [];
        for (let slot = 0; slot < slotsPerSheet; slot++) {
          if (this.rows[first + slot]?.status === status && first + slot !== this.selected) slots.push(slot);
        }
        this.drawGlyphs(g, status, look.colours[status], slots, look);
      }
      const selected = this.selected - first;
      if (selected >= 0 && selected < slotsPerSheet) this.drawSelectedGlyph(g, look);
    }
    let trends = false;
    for (let slot = 0; slot < slotsPerSheet && !trends; slot++) trends = this.hasTrend(first + slot);
    // A sheet without trends (history mode, one-run tests) shows no trend canvas at all.
    if (!trends) {
      s.trend.remove();
      return;
    }
    if (!s.trend.isConnected) this.layer.appendChild(s.trend);
    size(s.trend, trendWidth, height, sheet, look.scale);
    const t = s.trend.getContext('2d');
    if (!t) return;
    t.setTransform(1, 0, 0, 1, 0, 0);
    t.clearRect(0, 0, s.trend.width, s.trend.height);
    const top = Math.floor((this.slotHeight - sparkHeight) / 2);
    // The bars grouped by colour, in whole device pixels so they stay crisp; then the rates in one colour and font.
    const bars: Record<string, [number, number, number, number][]> = {};
    for (let slot = 0; slot < slotsPerSheet; slot++) {
      const trend = this.rows[first + slot]?.trend;
      if (!trend) continue;
      for (const b of trendBars(trend, sparkWidth, sparkHeight)) {
        const x0 = Math.round(b.x * look.scale);
        const x1 = Math.max(x0 + 1, Math.round((b.x + b.w) * look.scale));
        const y1 = (slot * this.slotHeight + top + sparkHeight) * look.scale;
        const h = Math.max(1, Math.round(b.h * look.scale));
        (bars[b.status] ??= []).push([x0, y1 - h, x1 - x0, h]);
      }
    }
    for (const [status, rects] of Object.entries(bars)) {
      t.fillStyle = look.colours[status] ?? look.colours.errored;
      for (const r of rects) t.fillRect(...r);
    }
    t.setTransform(look.scale, 0, 0, look.scale, 0, 0);
    t.font = look.font;
    t.fillStyle = look.colours.rate;
    t.textBaseline = 'middle';
    for (let slot = 0; slot < slotsPerSheet; slot++) {
      const trend = this.rows[first + slot]?.trend;
      if (trend) t.fillText(sparkShape(trend).rate, rateLeft, slot * this.slotHeight + this.slotHeight / 2, trendWidth - rateLeft);
    }
  }

  /** Draws the glyph of `status` in `colour` into the given slots of a status canvas (cleared there, transform set). */
  private drawGlyphs(g: CanvasRenderingContext2D, status: OutcomeStatus, colour: string, slots: readonly number[], look: Look): void {
    if (slots.length === 0) return;
    g.fillStyle = colour;
    g.strokeStyle = colour;
    g.beginPath();
    for (const slot of slots) glyphPath(g, status, look.em, slot * this.slotHeight, this.slotHeight);
    if (status === 'errored') g.fill();
    else g.stroke();
  }

  /** The selected row's glyph, in the selection's text colour. */
  private drawSelectedGlyph(g: CanvasRenderingContext2D, look: Look): void {
    const row = this.rows[this.selected];
    if (!row) return;
    const colour = look.colours[this.focused ? 'selected-focus' : 'selected'];
    this.drawGlyphs(g, row.status, colour, [this.selected % slotsPerSheet], look);
  }

  /** Draws row `index`'s glyph again (its selection changed). */
  private redrawGlyph(index: number): void {
    if (index < 0) return;
    const s = this.shown.get(Math.floor(index / slotsPerSheet));
    if (!s || s.generation !== this.generation) return;
    const g = s.status.getContext('2d');
    const row = this.rows[index];
    if (!g || !row) return;
    const look = this.currentLook();
    const slot = index % slotsPerSheet;
    g.setTransform(look.scale, 0, 0, look.scale, 0, 0);
    g.clearRect(0, slot * this.slotHeight, this.statusWidth, this.slotHeight);
    if (index === this.selected) this.drawSelectedGlyph(g, look);
    else this.drawGlyphs(g, row.status, look.colours[row.status], [slot], look);
  }
}

/**
 * Adds the status glyph (✓ ✗ !) of the row at `top` to the current path, as strokes 2 px wide (more for a larger font;
 * the "!" as rectangles to fill), left in a row `height` px high: drawn, not
 * set in a font, so its strokes are solid in the status colour rather than thin anti-aliased text, on 45° lines
 * through pixel centres so they stay crisp.
 */
function glyphPath(g: CanvasRenderingContext2D, status: OutcomeStatus, em: number, top: number, height: number): void {
  const u = Math.max(1, Math.round(em / 13));
  const mid = top + Math.floor(height / 2) + 0.5;
  const at = (x: number, y: number): [number, number] => [1.5 + x * u, mid + y * u];
  g.lineWidth = 2 * u;
  g.lineCap = 'square';
  const line = (points: [number, number][]): void => {
    g.moveTo(...points[0]);
    for (const p of points.slice(1)) g.lineTo(...p);
  };
  if (status === 'passed') line([at(0, 0), at(3, 3), at(9, -3)]);
  else if (status === 'failed') {
    line([at(0, -4), at(8, 4)]);
    line([at(8, -4), at(0, 4)]);
  } else {
    // The "!" is filled, not stroked: a bar and a dot.
    g.rect(...at(2.5, -5.5), 2 * u, 7 * u);
    g.rect(...at(2.5, 2.5), 2 * u, 2 * u);
  }
}

/** Sizes a sheet's canvas in device pixels and places it at its sheet's first row. */
function size(c: HTMLCanvasElement, width: number, height: number, sheet: number, scale: number): void {
  if (c.width !== width * scale) c.width = width * scale;
  if (c.height !== height * scale) c.height = height * scale;
  c.style.width = `${width}px`;
  c.style.height = `${height}px`;
  c.style.top = `${sheet * height}px`;
}
