// The filter bar: status, model, version, text search, list mode, the all-prompts toggle and the panel-wide actions.
import type { FilterState, ListMode, OutcomeViewState, StatusFilter } from '../../src/protocol/outcomes';
import { button, el } from '../shared/dom';
import { fillSelect, select } from './dom';
import type { VersionOption } from './viewModel';

export interface ToolbarCallbacks {
  onFilters(patch: Partial<FilterState>): void;
  onMode(mode: ListMode): void;
  onAllPrompts(all: boolean): void;
  runAll(ignoreCache: boolean): void;
  exportShown(format: 'json' | 'csv'): void;
  clearCache(): void;
  pruneCache(): void;
}

const statusOptions: readonly { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All results' },
  { value: 'failed', label: 'Failed' },
  { value: 'passed', label: 'Passed' },
  { value: 'errored', label: 'Errored' },
  { value: 'changed', label: 'Changed since previous version' },
];

export class Toolbar {
  readonly element: HTMLElement;
  private readonly model: HTMLSelectElement;
  private readonly version: HTMLSelectElement;
  private readonly search: HTMLInputElement;
  private readonly scopeLabel: HTMLElement;
  private readonly status: HTMLSelectElement;
  private readonly mode: HTMLSelectElement;
  private readonly all: HTMLInputElement;

  constructor(state: OutcomeViewState, cb: ToolbarCallbacks) {
    this.scopeLabel = el('span', { className: 'scope' });
    this.status = select('Result', statusOptions, state.filters.status, (v) => cb.onFilters({ status: v as StatusFilter }));
    this.model = select('Model', [{ value: '', label: 'All models' }], state.filters.model, (v) => cb.onFilters({ model: v }));
    this.version = select('Version', [{ value: '', label: 'All versions' }], state.filters.versionId, (v) => cb.onFilters({ versionId: v }));
    this.search = el('input', { attrs: { type: 'search', placeholder: 'Search output', 'aria-label': 'Search in output', id: 'search' } });
    this.search.value = state.filters.text;
    this.search.addEventListener('input', () => cb.onFilters({ text: this.search.value }));
    this.mode = select('Show', [
      { value: 'latest', label: 'Latest per test' },
      { value: 'history', label: 'Every run' },
    ], state.mode, (v) => cb.onMode(v === 'history' ? 'history' : 'latest'));
    const all = el('input', { attrs: { type: 'checkbox', id: 'all-prompts' } });
    this.all = all;
    all.checked = state.allPrompts;
    all.addEventListener('change', () => cb.onAllPrompts(all.checked));
    const allLabel = el('label', { className: 'check', attrs: { for: 'all-prompts' } }, [all, document.createTextNode(' All prompts')]);
    this.element = el('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Filters and actions' } }, [
      this.scopeLabel,
      this.status, this.model, this.version, this.search, this.mode, allLabel,
      el('span', { className: 'grow' }),
      button('▶ Run all', () => cb.runAll(false), { attrs: { title: 'Re-run every test shown' } }),
      button('Run without cache', () => cb.runAll(true), { attrs: { title: 'Re-run every test, ignoring cached replies' } }),
      button('Export JSON', () => cb.exportShown('json'), { attrs: { title: 'Save the outcomes shown as JSON' } }),
      button('Export CSV', () => cb.exportShown('csv'), { attrs: { title: 'Save the outcomes shown as CSV' } }),
      button('Prune cache', () => cb.pruneCache(), { attrs: { title: 'Remove expired cache entries and enforce the size cap' } }),
      button('Clear cache', () => cb.clearCache(), { attrs: { title: 'Remove every cached reply' } }),
    ]);
  }

  setScope(text: string): void {
    this.scopeLabel.textContent = text;
    this.scopeLabel.title = text;
  }

  setChoices(models: readonly string[], versions: readonly VersionOption[], filters: FilterState): void {
    fillSelect(this.model, [{ value: '', label: 'All models' }, ...models.map((m) => ({ value: m, label: m }))], filters.model);
    fillSelect(this.version, [{ value: '', label: 'All versions' }, ...versions.map((v) => ({ value: v.id, label: v.label }))], filters.versionId);
  }

  /** Shows state that changed from outside (the host applied filters). */
  sync(state: OutcomeViewState): void {
    this.status.value = state.filters.status;
    this.model.value = state.filters.model;
    this.version.value = state.filters.versionId;
    if (this.search.value !== state.filters.text) this.search.value = state.filters.text;
    this.mode.value = state.mode;
    this.all.checked = state.allPrompts;
  }

  focusSearch(): void {
    this.search.focus();
  }
}
