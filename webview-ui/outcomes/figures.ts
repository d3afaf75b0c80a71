// The row's model and figures (score, latency, tokens, when, version, cost) as one run of monospaced text in
// fixed-width fields, rather than seven cells: each cell is a box of its own that the browser lays out, clips and paints, and six of them on
// each of the ~20 rows a fast scroll brings in every frame were most of the frame. In a monospaced font a field of N
// characters is N `ch` wide, so the header's buttons (sized in `ch` in the same font) line up with the fields.
// Pure, so the exact strings are unit-tested.
import type { SortKey } from '../../src/protocol/outcomes';

export interface FigureColumn {
  readonly id: 'model' | 'score' | 'latency' | 'tokens' | 'when' | 'version' | 'cost';
  readonly label: string;
  readonly sort: SortKey;
  /** Width in characters. */
  readonly width: number;
  readonly align: 'start' | 'end';
}

/** The fields in order. The model is first and cut to its field (the tooltip names it whole). Cost is last: its
 *  "served from cache" mark (⟲) may come from a fallback font of another width, and nothing after it can be pushed
 *  out of line. */
export const figureColumns: readonly FigureColumn[] = [
  { id: 'model', label: 'Model', sort: 'model', width: 20, align: 'start' },
  { id: 'score', label: 'Score', sort: 'score', width: 5, align: 'end' },
  { id: 'latency', label: 'Latency', sort: 'latency', width: 10, align: 'end' },
  { id: 'tokens', label: 'Tokens', sort: 'tokens', width: 12, align: 'end' },
  { id: 'when', label: 'When', sort: 'time', width: 10, align: 'start' },
  { id: 'version', label: 'Version', sort: 'version', width: 12, align: 'start' },
  { id: 'cost', label: 'Cost', sort: 'cost', width: 10, align: 'end' },
];

/** Spaces between two fields. */
export const figureGap = 2;
/** The "served from cache" mark after the cost. The list shows it in a box of its own, `cachedMark.length` ch wide
 *  (it may come from a fallback font of another width, and the row's text goes on after the run). */
export const cachedMark = ' ⟲';

/** Width of the whole run in characters, the cached mark included. */
export const figuresWidth = figureColumns.reduce((n, c) => n + c.width, 0) + figureGap * (figureColumns.length - 1) + cachedMark.length;

const column = (id: FigureColumn['id']): FigureColumn => figureColumns.find((c) => c.id === id) as FigureColumn;
const gap = ' '.repeat(figureGap);

/** `text` in exactly `width` characters: padded on the side away from `align`, or cut with an ellipsis. */
export function fitField(text: string, width: number, align: 'start' | 'end'): string {
  // Code points, not UTF-16 units, so a cut never splits a surrogate pair and each character counts once.
  const clean = text.replace(/[\r\n\t]/g, ' ');
  const chars = [...clean];
  if (chars.length > width) return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
  const pad = ' '.repeat(width - chars.length);
  return align === 'end' ? pad + clean : clean + pad;
}

const field = (id: FigureColumn['id'], text: string): string => {
  const c = column(id);
  return fitField(text, c.width, c.align);
};

/** The version label in its field; a snapshot's label is shortened to fit (`snapshot 1a2b3c4` → `snap 1a2b3c4`). */
export function versionField(label: string): string {
  return field('version', label.startsWith('snapshot ') ? `snap ${label.slice('snapshot '.length)}` : label);
}

/** A field's fitted text and the padding after it, so a style or tooltip on the text (the version underlined when
 *  changed, the model's full name) does not run on under the padding. */
function parts(fitted: string): { readonly text: string; readonly pad: string } {
  const text = fitted.trimEnd();
  return { text, pad: ' '.repeat([...fitted].length - [...text].length) };
}

/** The version field as its label and the padding after it. */
export function versionParts(label: string): { readonly text: string; readonly pad: string } {
  return parts(versionField(label));
}

/** The model field (first in the run) as the model's name, cut to fit, and the padding after it. */
export function modelParts(model: string): { readonly text: string; readonly pad: string } {
  return parts(field('model', model));
}

export interface FigureTexts {
  readonly score: string;
  readonly latency: string;
  readonly tokens: string;
  readonly when: string;
  readonly cost: string;
  readonly cached: boolean;
}

/** The run between the model and version fields (the gap after the model, score, latency, tokens, when and the
 *  gaps after each). */
export function figuresLead(t: FigureTexts): string {
  return `${gap}${field('score', t.score)}${gap}${field('latency', t.latency)}${gap}${field('tokens', t.tokens)}${gap}${field('when', t.when)}${gap}`;
}

/** The run after the version field: the gap and the cost, then blanks as wide as the cached mark for a run not
 *  served from the cache (for one that was, the list shows the mark after this run, in a box of that width). */
export function figuresTail(t: FigureTexts): string {
  return `${gap}${field('cost', t.cost)}${t.cached ? '' : ' '.repeat(cachedMark.length)}`;
}
