// Entry of the outcome panel's front end: holds the outcomes the host sent, applies the view state, and wires the
// toolbar, the virtual list and the detail view. Talks to the host only through the typed protocol.
import './outcomes.css';
import type {
  FilterState, HostToOutcomesMessage, OutcomeDetail, OutcomeScope, OutcomeSummary, OutcomeViewState, SortKey,
  OutcomePanelSnapshot,
} from '../../src/protocol/outcomes';
import { renderDetail } from './detail';
import { button, el } from '../shared/dom';
import { OutcomeList } from './list';
import { Toolbar } from './toolbar';
import { buildRows, countRows, indexOutcomes, type OutcomeIndex, type OutcomeRow } from './viewModel';
import { loadViewState, postToHost, saveViewState } from './vscodeApi';

const defaults: OutcomeViewState = {
  filters: { status: 'all', model: '', versionId: '', text: '' },
  sort: { key: 'test', descending: false },
  mode: 'latest',
  allPrompts: false,
  scrollTop: 0,
};

let state: OutcomeViewState = loadViewState() ?? defaults;
let scope: OutcomeScope = { kind: 'none', reason: 'Loading…' };
let outcomes = new Map<string, OutcomeSummary>();
let index: OutcomeIndex = indexOutcomes([]);
let rows: OutcomeRow[] = [];
let searchSeq = 0;
let textMatches: ReadonlySet<string> | undefined;
let searchTimer: ReturnType<typeof setTimeout> | undefined;
let rebuildFrame = 0;
let detailLoaded = false;
/** The list being received: its id and how many runs are still to come. */
let loadId = 0;
let remaining = 0;

function update(patch: Partial<OutcomeViewState>): void {
  state = { ...state, ...patch };
  saveViewState(state);
}

const toolbar = new Toolbar(state, {
  onFilters: (patch) => setFilters(patch),
  onMode: (mode) => {
    update({ mode });
    rebuild(false);
  },
  onAllPrompts: (allPrompts) => {
    update({ allPrompts, scrollTop: 0 });
    postToHost({ type: 'setAllPrompts', allPrompts });
  },
  runAll: (ignoreCache) => postToHost({ type: 'runTests', ignoreCache }),
  exportShown: (format) => postToHost({ type: 'export', format, ids: rows.map((r) => r.outcome.id) }),
  clearCache: () => postToHost({ type: 'clearCache' }),
  pruneCache: () => postToHost({ type: 'pruneCache' }),
});

const list = new OutcomeList({
  onOpen: (row) => openDetail(row.outcome.id),
  onSelect: (row) => update({ selectedId: row?.outcome.id }),
  onSort: (key: SortKey) => {
    const descending = state.sort.key === key ? !state.sort.descending : key === 'time';
    update({ sort: { key, descending } });
    list.setSort(state.sort);
    rebuild(false);
  },
  onScroll: (scrollTop) => {
    state = { ...state, scrollTop };
    scheduleSave();
  },
});
list.setSort(state.sort);

const summary = el('div', { className: 'summary', attrs: { role: 'status', 'aria-live': 'polite' } });
const notice = el('div', { className: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
const empty = el('div', { className: 'empty' });
const listPane = el('div', { className: 'list-pane' }, [toolbar.element, summary, empty, list.element]);
const detailPane = el('div', { className: 'detail-pane', attrs: { hidden: '' } });
document.body.replaceChildren(el('main', {}, [notice, listPane, detailPane]));

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleSave(): void {
  if (saveTimer) return;
  saveTimer = setTimeout(() => {
    saveTimer = undefined;
    saveViewState(state);
  }, 200);
}

function setFilters(patch: Partial<FilterState>): void {
  update({ filters: { ...state.filters, ...patch }, scrollTop: 0 });
  if (patch.text !== undefined) {
    textMatches = undefined;
    requestSearch();
  }
  rebuild(false);
}

/** Asks the host to search full outputs (the list only holds previews); debounced while typing. */
function requestSearch(): void {
  if (searchTimer) clearTimeout(searchTimer);
  const text = state.filters.text.trim();
  searchSeq++;
  if (text === '') return;
  const seq = searchSeq;
  searchTimer = setTimeout(() => postToHost({ type: 'search', seq, text }), 150);
}

/** Recomputes the rows; `reindex` when the outcome set itself changed. */
function rebuild(reindex: boolean): void {
  if (reindex) {
    index = indexOutcomes([...outcomes.values()]);
    toolbar.setChoices(index.models, index.versions, state.filters);
    const f = state.filters;
    // A filter naming a model or version that this scope never ran would silently hide everything.
    if ((f.model !== '' && !index.models.includes(f.model)) || (f.versionId !== '' && !index.versions.some((v) => v.id === f.versionId))) {
      update({ filters: { ...f, model: index.models.includes(f.model) ? f.model : '', versionId: index.versions.some((v) => v.id === f.versionId) ? f.versionId : '' } });
    }
  }
  rows = buildRows(index, { filters: state.filters, sort: state.sort, mode: state.mode, textMatches });
  list.setRows(rows, state.mode, scope.kind === 'workspace', state.selectedId);
  renderSummary();
  reportRendered();
}

function reportRendered(): void {
  const c = countRows(rows);
  const snapshot: OutcomePanelSnapshot = {
    scope: scope.kind,
    mode: state.mode,
    filters: state.filters,
    shown: rows.length,
    total: outcomes.size,
    ...c,
    loading: remaining > 0,
    ...(state.detailId === undefined ? {} : { detailId: state.detailId }),
    detailLoaded,
  };
  postToHost({ type: 'rendered', snapshot });
}

/** Asks for the next page once the current one is on screen, so pages never delay the first paint. */
function askForMore(): void {
  const id = loadId;
  requestAnimationFrame(() => setTimeout(() => {
    if (id === loadId) postToHost({ type: 'loadMore', loadId: id });
  }, 0));
}

function scheduleRebuild(): void {
  if (rebuildFrame) return;
  rebuildFrame = requestAnimationFrame(() => {
    rebuildFrame = 0;
    rebuild(true);
  });
}

function renderSummary(): void {
  const c = countRows(rows);
  const noun = state.mode === 'latest' ? 'tests' : 'runs';
  const more = remaining > 0 ? ` (loading ${remaining} older runs…)` : '';
  summary.textContent = `${rows.length} ${noun} shown of ${outcomes.size} runs${more} · ${c.passed} passed · ${c.failed} failed · ${c.errored} errored`;
  empty.replaceChildren();
  if (scope.kind === 'none') {
    empty.append(el('p', { text: scope.reason }));
  } else if (outcomes.size === 0) {
    const what = scope.kind === 'prompt' ? scope.promptLabel : 'this workspace';
    empty.append(
      el('p', { text: `No runs recorded yet for ${what}. Run its tests from the Test Explorer, a CodeLens, or \`promptops test\`.` }),
      button('▶ Run all tests', () => postToHost({ type: 'runTests', ignoreCache: false })),
    );
  } else if (rows.length === 0) {
    empty.append(el('p', { text: 'No outcome matches the filters.' }));
  }
  empty.hidden = empty.childElementCount === 0;
}

function scopeText(s: OutcomeScope): string {
  if (s.kind === 'prompt') return s.promptLabel;
  if (s.kind === 'workspace') return 'All prompts';
  return 'No prompt';
}

function openDetail(id: string): void {
  update({ detailId: id, selectedId: id });
  detailLoaded = false;
  detailPane.replaceChildren(el('p', { className: 'muted', text: 'Loading…' }));
  listPane.hidden = true;
  detailPane.hidden = false;
  postToHost({ type: 'requestDetail', id });
  reportRendered();
}

function closeDetail(): void {
  update({ detailId: undefined });
  detailPane.hidden = true;
  detailPane.replaceChildren();
  listPane.hidden = false;
  detailLoaded = false;
  list.render();
  list.focus();
  reportRendered();
}

function showDetail(detail: OutcomeDetail): void {
  if (state.detailId !== detail.summary.id) return;
  const id = detail.summary.id;
  detailPane.replaceChildren(renderDetail(detail, {
    back: closeDetail,
    rerun: (ignoreCache) => postToHost({ type: 'runTests', id, ignoreCache }),
    openPrompt: () => postToHost({ type: 'openPrompt', id }),
    compare: () => postToHost({ type: 'compareVersions', id }),
    copyOutput: () => postToHost({ type: 'copyOutput', id }),
  }));
  detailPane.querySelector<HTMLElement>('button.back')?.focus();
  detailLoaded = true;
  reportRendered();
}

function showNotice(level: string, text: string): void {
  notice.className = `notice ${level}`;
  notice.textContent = text;
}

function onMessage(msg: HostToOutcomesMessage): void {
  switch (msg.type) {
    case 'outcomes': {
      const scopeChanged = JSON.stringify(scope) !== JSON.stringify(msg.scope);
      scope = msg.scope;
      loadId = msg.loadId;
      remaining = msg.remaining;
      toolbar.setScope(scopeText(scope));
      outcomes = new Map(msg.outcomes.map((o) => [o.id, o]));
      rebuild(true);
      if (remaining > 0) askForMore();
      else requestSearch();
      if (scopeChanged && state.detailId && !outcomes.has(state.detailId)) closeDetail();
      break;
    }
    case 'moreOutcomes':
      if (msg.loadId !== loadId) break;
      for (const o of msg.outcomes) outcomes.set(o.id, o);
      remaining = msg.remaining;
      if (remaining > 0) {
        askForMore();
        renderSummary();
      } else {
        // One rebuild once everything is here, rather than one per page: trends and history need all the runs.
        scheduleRebuild();
        requestSearch();
      }
      break;
    case 'appended':
      for (const o of msg.outcomes) outcomes.set(o.id, o);
      scheduleRebuild();
      requestSearch();
      break;
    case 'detail':
      showDetail(msg.detail);
      break;
    case 'detailMissing':
      if (state.detailId === msg.id) detailPane.replaceChildren(el('p', { text: msg.reason }), button('← Back', closeDetail, { className: 'back' }));
      break;
    case 'searchResult':
      if (msg.seq === searchSeq) {
        textMatches = new Set(msg.ids);
        rebuild(false);
      }
      break;
    case 'notice':
      showNotice(msg.level, msg.text);
      break;
    case 'reveal':
      openDetail(msg.id);
      break;
    case 'applyFilters': {
      const previousText = state.filters.text;
      update({ filters: { ...state.filters, ...msg.filters }, ...(msg.mode ? { mode: msg.mode } : {}), scrollTop: 0 });
      toolbar.sync(state);
      // Re-applying the same text keeps the host's answer (or the search in flight) instead of starting over.
      if (msg.filters.text !== undefined && msg.filters.text !== previousText) {
        textMatches = undefined;
        requestSearch();
      }
      if (msg.closeDetail && !detailPane.hidden) closeDetail();
      if (msg.allPrompts !== undefined && msg.allPrompts !== state.allPrompts) {
        update({ allPrompts: msg.allPrompts });
        toolbar.sync(state);
        postToHost({ type: 'setAllPrompts', allPrompts: msg.allPrompts });
      }
      rebuild(false);
      break;
    }
  }
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const data = e.data as { type?: unknown } | null;
  // Unknown or malformed messages are ignored, as the protocol says.
  if (data && typeof data === 'object' && typeof data.type === 'string') onMessage(data as HostToOutcomesMessage);
});

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !detailPane.hidden) {
    e.preventDefault();
    closeDetail();
  } else if (e.key === '/' && detailPane.hidden && document.activeElement?.tagName !== 'INPUT') {
    e.preventDefault();
    toolbar.focusSearch();
  }
});

toolbar.setScope(scopeText(scope));
rebuild(false);
list.restoreScroll(state.scrollTop);
if (state.detailId) openDetail(state.detailId);
postToHost({ type: 'ready', allPrompts: state.allPrompts });
