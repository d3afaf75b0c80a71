// The version diff front end: version pickers, swap, the change summary, the side-by-side prompt text and the
// outcome comparison. Plain DOM; all prompt text and model output is set with textContent.
import './diff.css';
import type { DiffFilter, DiffHostMessage, DiffModel, DiffSelection, DiffVersionOption } from '../../src/protocol/diff';
import { button, el } from '../shared/dom';
import { renderOutcomes } from './outcomeView';
import { renderTextView, type TextView } from './textView';
import { loadViewState, postToHost, saveViewState } from './vscodeApi';

const saved = loadViewState();
let versions: readonly DiffVersionOption[] = [];
let model: DiffModel | undefined;
let filter: DiffFilter = saved?.filter ?? 'all';
let collapse = saved?.collapse ?? true;
let textView: TextView | undefined;
let status = '';
let running = false;

const root = el('main', { className: 'diff-root' });
document.body.append(root);

function persist(): void {
  if (model) saveViewState({ fileUri: model.fileUri, selection: model.selection, filter, collapse });
}

function select(selection: DiffSelection): void {
  postToHost({ type: 'select', selection });
}

function versionSelect(label: string, value: string, onChange: (id: string) => void): HTMLSelectElement {
  const s = el('select', { attrs: { 'aria-label': label, title: label } });
  for (const v of versions) s.append(el('option', { text: v.label, attrs: { value: v.id } }));
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

function modelSelect(label: string, value: string | undefined, options: readonly string[], onChange: (m: string) => void): HTMLSelectElement {
  const s = el('select', { attrs: { 'aria-label': label, title: label } });
  s.append(el('option', { text: '(model)', attrs: { value: '' } }));
  for (const m of options) s.append(el('option', { text: m, attrs: { value: m } }));
  s.value = value ?? '';
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

function toolbar(m: DiffModel): HTMLElement {
  const sel = m.selection;
  const models = sel.models;
  const left = versionSelect('Left version', sel.left, (id) => select({ ...sel, left: id, ...(models ? { right: id } : {}) }));
  const right = versionSelect('Right version', sel.right, (id) => select({ ...sel, right: id }));
  right.disabled = models !== undefined;
  const swap = button('⇄ Swap', () => select({ left: sel.right, right: sel.left, ...(models ? { models: { left: models.right, right: models.left } } : {}) }), { attrs: { title: 'Swap left and right' } });
  const modelBar = el('span', { className: 'models' });
  if (m.availableModels.length > 1 || models) {
    const lm = modelSelect('Left model', models?.left, m.availableModels, (v) => setModels(v, models?.right));
    const rm = modelSelect('Right model', models?.right, m.availableModels, (v) => setModels(models?.left, v));
    modelBar.append(el('span', { text: 'Models: ' }), lm, el('span', { text: ' vs ' }), rm);
  }
  function setModels(l: string | undefined, r: string | undefined): void {
    if (l && r) select({ left: sel.left, right: sel.left, models: { left: l, right: r } });
    else if (!l && !r) select({ left: sel.left, right: sel.right });
  }
  const pos = textView?.position();
  const nav = el('span', { className: 'nav' }, [
    button('↑ Prev', () => move(-1), { attrs: { title: 'Previous change' } }),
    button('↓ Next', () => move(1), { attrs: { title: 'Next change' } }),
    el('span', { className: 'muted position', text: positionText(pos), attrs: { 'aria-live': 'polite' } }),
  ]);
  const fold = el('label', {}, [el('input', { attrs: { type: 'checkbox', ...(collapse ? { checked: '' } : {}) } }), el('span', { text: ' Collapse unchanged' })]);
  fold.querySelector('input')?.addEventListener('change', (e) => {
    collapse = (e.target as HTMLInputElement).checked;
    persist();
    render();
  });
  return el('div', { className: 'toolbar' }, [left, swap, right, modelBar, nav, fold, button('Refresh', () => postToHost({ type: 'refresh' }))]);
}

function positionText(p: { current: number; total: number } | undefined): string {
  if (!p || p.total === 0) return ' no changes';
  return p.current > 0 ? ` change ${p.current} of ${p.total}` : ` ${p.total} change${p.total === 1 ? '' : 's'}`;
}

function showPosition(): void {
  const posEl = root.querySelector('.position');
  if (posEl) posEl.textContent = positionText(textView?.position());
}

function move(step: 1 | -1): void {
  textView?.go(step);
  showPosition();
}

function summary(m: DiffModel): HTMLElement {
  const items = m.summary.changes.map((c) => el('li', { className: `summary-${c.kind}`, text: c.text }));
  const problems = m.summary.problems.map((p) => el('li', { className: 'problem', text: p }));
  const notes = m.text.notes.map((n) => el('li', { className: 'muted', text: n }));
  const s = m.text.stats;
  const head = m.text.identical ? 'The two texts are identical.' : `${s.changed} changed, ${s.added} added, ${s.removed} removed lines`;
  return el('section', { className: 'summary' }, [
    el('div', { className: 'sides-labels' }, [el('span', { className: 'label-left', text: m.leftLabel }), el('span', { text: ' ⟷ ' }), el('span', { className: 'label-right', text: m.rightLabel })]),
    el('p', { text: head }),
    el('ul', {}, [...items, ...problems, ...notes]),
  ]);
}

function render(): void {
  textView?.dispose();
  textView = undefined;
  root.replaceChildren();
  if (!model) {
    root.append(el('p', { className: 'muted', text: status || 'Loading…' }));
    return;
  }
  const m = model;
  textView = renderTextView(m.text, collapse, showPosition);
  root.append(toolbar(m));
  if (status) root.append(el('p', { className: running ? 'status running' : 'status', text: status, attrs: { role: 'status' } }));
  root.append(summary(m), textView.element);
  root.append(
    el('h2', { text: m.outcomes.mode === 'models' ? 'Outcomes: model against model' : 'Outcomes' }),
    renderOutcomes(m.outcomes, filter, (f) => {
      filter = f;
      persist();
      render();
    }, {
      run: (side, key) => postToHost({ type: 'run', side, rowKeys: [key] }),
      runMissing: () => postToHost({ type: 'runMissing' }),
    }),
  );
}

window.addEventListener('message', (event: MessageEvent<DiffHostMessage>) => {
  const msg = event.data;
  if (typeof msg !== 'object' || msg === null) return;
  switch (msg.type) {
    case 'versions':
      versions = msg.versions;
      break;
    case 'loading':
      status = 'Comparing…';
      if (model) render();
      break;
    case 'model':
      model = msg.model;
      status = running ? status : '';
      persist();
      render();
      break;
    case 'error':
      status = msg.message;
      render();
      break;
    case 'running':
      running = msg.running;
      status = msg.message ?? '';
      render();
      break;
    default:
      break; // Unknown messages are ignored.
  }
});

render();
postToHost({ type: 'ready' });
