// Outcome rows of the comparison: each case's two outputs (text only) with their diff, pass/fail, deltas, and a
// `Run` button where a side never ran. Totals at the top.
import type { DiffFilter, DiffOutcomeRow, DiffOutcomeSide, DiffOutcomes, DiffOutputDiff, DiffSegment, DiffSideTotals } from '../../src/protocol/diff';
import { button, el } from '../shared/dom';
import { ms, signed, totalsText, usd } from './totals';

export interface OutcomeActions {
  run(side: 'left' | 'right', rowKey: string): void;
  runMissing(): void;
}

/** Whether a row passes the filter: `changed` covers every row whose outcome differs. */
export function matchesFilter(row: DiffOutcomeRow, filter: DiffFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'changed':
      return row.status === 'changed' || row.status === 'regressed' || row.status === 'fixed';
    case 'missing':
      return row.status === 'missing-left' || row.status === 'missing-right';
    default:
      return row.status === filter;
  }
}


function totalsLine(label: string, t: DiffSideTotals): HTMLElement {
  const [first, ...rest] = totalsText(t);
  return el('div', { className: 'totals-side' }, [
    el('strong', { text: label }),
    el('span', { text: ` ${first}` }),
    ...rest.map((text) => el('span', { text: ` · ${text}` })),
  ]);
}

function segmentsPre(segs: readonly DiffSegment[], cls: string): HTMLElement {
  return el('pre', { className: 'output' }, segs.map((s) => (s.changed ? el('span', { className: cls, text: s.text }) : document.createTextNode(s.text))));
}

function outputBlock(side: DiffOutcomeSide | undefined, diff: DiffOutputDiff | undefined, which: 'left' | 'right'): HTMLElement {
  if (!side) return el('pre', { className: 'output muted', text: '(not run)' });
  if (diff?.kind === 'text') return segmentsPre(diff[which], which === 'left' ? 'word-del' : 'word-ins');
  return el('pre', { className: 'output', text: side.output });
}

function metrics(side: DiffOutcomeSide | undefined, row: DiffOutcomeRow, which: 'left' | 'right'): HTMLElement {
  if (!side) return el('div', { className: 'metrics' });
  const d = row.deltas;
  const parts: string[] = [`score ${side.score.toFixed(2)}`];
  if (which === 'right' && d.score !== undefined) parts[0] += ` (${signed(d.score, (v) => v.toFixed(2))})`;
  if (side.latencyMs !== undefined) parts.push(`${ms(side.latencyMs)}${which === 'right' && d.latencyMs !== undefined ? ` (${signed(d.latencyMs, ms)})` : ''}`);
  if (side.tokens !== undefined) parts.push(`${side.tokens} tok${which === 'right' && d.tokens !== undefined ? ` (${signed(d.tokens, String)})` : ''}`);
  parts.push(side.costUsd === null ? 'cost ?' : `${usd(side.costUsd)}${which === 'right' && d.costUsd !== undefined ? ` (${signed(d.costUsd, usd)})` : ''}`);
  if (side.cached) parts.push('cached');
  return el('div', { className: 'metrics' }, [
    el('span', { className: side.pass ? 'badge pass' : 'badge fail', text: side.pass ? 'pass' : side.error ? 'error' : 'fail' }),
    el('span', { text: ` ${side.model} · ${parts.join(' · ')}` }),
    ...(side.error ? [el('div', { className: 'failure', text: side.error })] : []),
    ...side.failures.map((f) => el('div', { className: 'failure', text: f })),
  ]);
}

function jsonChanges(diff: DiffOutputDiff | undefined): HTMLElement | undefined {
  if (diff?.kind !== 'json') return undefined;
  if (diff.changes.length === 0) return el('div', { className: 'muted', text: 'Same JSON data; only formatting differs.' });
  const list = el('ul', { className: 'json-changes' });
  for (const c of diff.changes) {
    const text = c.kind === 'changed' ? `${c.path}: ${c.before ?? ''} → ${c.after ?? ''}` : c.kind === 'added' ? `${c.path} added: ${c.after ?? ''}` : `${c.path} removed: ${c.before ?? ''}`;
    list.append(el('li', { className: `json-${c.kind}`, text }));
  }
  if (diff.truncated) list.append(el('li', { className: 'muted', text: '… more changes not shown' }));
  return list;
}

function rowElement(row: DiffOutcomeRow, actions: OutcomeActions): HTMLElement {
  const side = (which: 'left' | 'right'): HTMLElement => {
    const s = row[which];
    const runBtn = s ? undefined : button('Run', () => actions.run(which, row.key), { className: 'run', attrs: { title: `Run this case on the ${which} version` } });
    return el('div', { className: `side ${which}` }, [metrics(s, row, which), outputBlock(s, row.outputDiff, which), runBtn]);
  };
  const repeat = row.repeatIndex > 0 ? ` · repeat ${row.repeatIndex + 1}` : '';
  return el('article', { className: `outcome ${row.status}`, attrs: { 'data-key': row.key } }, [
    el('header', {}, [
      el('span', { className: `status ${row.status}`, text: row.status.replace('-', ' ') }),
      el('strong', { text: ` ${row.testName}` }),
      el('span', { className: 'muted', text: ` ${row.varsSummary}${repeat}` }),
    ]),
    jsonChanges(row.outputDiff),
    el('div', { className: 'sides' }, [side('left'), side('right')]),
  ]);
}

/** Renders totals, the filter bar and the rows that pass the filter. */
export function renderOutcomes(o: DiffOutcomes, filter: DiffFilter, setFilter: (f: DiffFilter) => void, actions: OutcomeActions): HTMLElement {
  const c = o.totals.counts;
  const missing = c['missing-left'] + c['missing-right'];
  const filters: [DiffFilter, string][] = [
    ['all', `All ${o.rows.length}`],
    ['changed', `Changed ${c.changed + c.regressed + c.fixed}`],
    ['regressed', `Regressed ${c.regressed}`],
    ['fixed', `Fixed ${c.fixed}`],
    ['missing', `Missing ${missing}`],
  ];
  const bar = el('div', { className: 'filters', attrs: { role: 'toolbar', 'aria-label': 'Filter outcome rows' } }, filters.map(([f, label]) =>
    button(label, () => setFilter(f), { className: f === filter ? 'filter active' : 'filter', attrs: { 'aria-pressed': String(f === filter) } })));
  if (missing > 0) bar.append(button('Run missing', () => actions.runMissing(), { className: 'run-missing primary' }));
  const rows = o.rows.filter((r) => matchesFilter(r, filter));
  const list = el('div', { className: 'outcome-rows' }, rows.map((r) => rowElement(r, actions)));
  if (o.rows.length === 0) list.append(el('p', { className: 'muted', text: 'Neither side has recorded outcomes. Run the tests of a version to compare outputs.' }));
  else if (rows.length === 0) list.append(el('p', { className: 'muted', text: 'No rows match this filter.' }));
  return el('section', { className: 'outcomes-section' }, [
    el('div', { className: 'totals' }, [totalsLine('Left', o.totals.left), totalsLine('Right', o.totals.right)]),
    bar,
    list,
  ]);
}
