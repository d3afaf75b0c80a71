// The typed protocol between the outcome panel's host (src/extension/outcomes) and its front end
// (webview-ui/outcomes). Types only; both sides import it with `import type`.

export type OutcomeStatus = 'passed' | 'failed' | 'errored';

/** Which tool produced a run. */
export type RunOrigin = 'editor' | 'cli' | 'unknown';

/** One outcome as the list needs it: small enough that 10,000 of them travel in one message. */
export interface OutcomeSummary {
  readonly id: string;
  /** Absolute path of the prompt file. */
  readonly promptPath: string;
  /** Workspace-relative path for display. */
  readonly promptLabel: string;
  readonly testName: string;
  /** Stable id of the case inside the prompt (test, dataset row, model), as the runner chose it. */
  readonly caseKey: string;
  /** Dataset row or repeat index when a test expands into several cases ("row 3", "#2"). */
  readonly caseLabel?: string;
  readonly status: OutcomeStatus;
  readonly score?: number;
  /** `provider/model` as requested. */
  readonly model: string;
  readonly latencyMs?: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly costUsd?: number;
  readonly cached: boolean;
  /** Epoch milliseconds of the run. */
  readonly time: number;
  /** Content hash of the prompt text that ran; the identity of a version. */
  readonly versionId: string;
  /** Short human label: `a1b2c3d` (commit), `a1b2c3d*` (dirty), or `snapshot 9f8e7d6`. */
  readonly versionLabel: string;
  /** First characters of the output on one line, for the list (untrusted text). */
  readonly outputPreview: string;
  /** A short hash of the full output, so "changed since the previous version" needs no full text. */
  readonly outputHash: string;
  /** One-line error for errored outcomes, or the first failing assertion's reason. */
  readonly message?: string;
  readonly origin: RunOrigin;
}

export interface RenderedMessageView {
  readonly role: string;
  /** Text parts joined; media parts appear as `[media: contentType url]`. */
  readonly text: string;
}

export interface AssertionView {
  readonly type: string;
  readonly pass: boolean;
  readonly score?: number;
  readonly reason: string;
  readonly weight?: number;
}

/** Everything the detail view shows for one outcome; fetched on demand. */
export interface OutcomeDetail {
  readonly summary: OutcomeSummary;
  readonly messages: readonly RenderedMessageView[];
  readonly output: string;
  readonly outputFormat: 'text' | 'json';
  readonly assertions: readonly AssertionView[];
  /** Vars as pretty JSON text. */
  readonly varsJson: string;
  readonly timing: {
    readonly latencyMs?: number;
    readonly attempts?: number;
    readonly finishReason?: string;
  };
  readonly usage: {
    readonly inputTokens?: number;
    readonly outputTokens?: number;
    readonly totalTokens?: number;
    readonly costUsd?: number;
  };
  /** Raw provider metadata, secrets redacted, as pretty JSON text. */
  readonly providerMetaJson: string;
  readonly version: {
    readonly contentHash: string;
    readonly commit?: string;
    readonly dirty?: boolean;
  };
  readonly error?: { readonly kind: string; readonly message: string };
}

export type OutcomeScope =
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'prompt'; readonly promptPath: string; readonly promptLabel: string }
  | { readonly kind: 'workspace' };

export type StatusFilter = 'all' | 'failed' | 'passed' | 'errored' | 'changed';
export type ListMode = 'latest' | 'history';
export type SortKey = 'test' | 'status' | 'score' | 'model' | 'latency' | 'tokens' | 'cost' | 'time' | 'version';

export interface FilterState {
  readonly status: StatusFilter;
  /** Empty string means every model. */
  readonly model: string;
  /** Empty string means every version. */
  readonly versionId: string;
  /** Text searched in the output; empty means no text filter. */
  readonly text: string;
}

export interface SortState {
  readonly key: SortKey;
  readonly descending: boolean;
}

/** What the front end keeps across reloads with setState: view state only, never outcomes. */
export interface OutcomeViewState {
  readonly filters: FilterState;
  readonly sort: SortState;
  readonly mode: ListMode;
  readonly allPrompts: boolean;
  readonly selectedId?: string;
  readonly detailId?: string;
  readonly scrollTop: number;
}

export type ExportFormat = 'json' | 'csv';

/** What the view shows right now; the host puts it in the view's badge and returns it from `promptops.showOutcomes`. */
export interface OutcomePanelSnapshot {
  readonly scope: OutcomeScope['kind'];
  readonly mode: ListMode;
  readonly filters: FilterState;
  /** Rows listed after filtering. */
  readonly shown: number;
  /** Runs the view holds for the scope. */
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly errored: number;
  /** True while pages of the list are still arriving (the first page is shown as soon as it comes). */
  readonly loading: boolean;
  /** The outcome whose detail is open, and whether its detail has arrived. */
  readonly detailId?: string;
  readonly detailLoaded: boolean;
}

// ── host → webview ──────────────────────────────────────────────────────────

export type HostToOutcomesMessage =
  /**
   * Replaces the whole list (scope changed, first load, or the store changed in a way not expressible as appends).
   * The first page holds the newest run of every case and the newest runs overall, which is what the first screen
   * shows; `remaining` more follow in `moreOutcomes` pages, each asked for with `loadMore` once the last is shown.
   */
  | { readonly type: 'outcomes'; readonly scope: OutcomeScope; readonly outcomes: readonly OutcomeSummary[]; readonly loadId: number; readonly remaining: number }
  | { readonly type: 'moreOutcomes'; readonly loadId: number; readonly outcomes: readonly OutcomeSummary[]; readonly remaining: number }
  /** New runs arrived for the current scope. */
  | { readonly type: 'appended'; readonly outcomes: readonly OutcomeSummary[] }
  | { readonly type: 'detail'; readonly detail: OutcomeDetail }
  | { readonly type: 'detailMissing'; readonly id: string; readonly reason: string }
  /** Ids of outcomes whose full output contains the text, for the request with the same `seq`. */
  | { readonly type: 'searchResult'; readonly seq: number; readonly ids: readonly string[] }
  | { readonly type: 'notice'; readonly level: 'info' | 'warning' | 'error'; readonly text: string }
  /** The host asks the view to show the detail of one outcome (e.g. from a command). */
  | { readonly type: 'reveal'; readonly id: string }
  /** The host sets filters (e.g. `promptops.showOutcomes` with `{ status: 'failed' }`); absent fields stay as they are. */
  | {
    readonly type: 'applyFilters';
    readonly filters: Partial<FilterState>;
    readonly mode?: ListMode;
    readonly closeDetail?: boolean;
    /** Switch between the active prompt and every prompt of the workspace (the host reloads the list itself). */
    readonly allPrompts?: boolean;
  };

// ── webview → host ──────────────────────────────────────────────────────────

export type OutcomesToHostMessage =
  | { readonly type: 'ready'; readonly allPrompts: boolean }
  | { readonly type: 'setAllPrompts'; readonly allPrompts: boolean }
  /** The next page of the list `loadId` (sent after the previous page was shown). */
  | { readonly type: 'loadMore'; readonly loadId: number }
  | { readonly type: 'requestDetail'; readonly id: string }
  | { readonly type: 'search'; readonly seq: number; readonly text: string }
  /** Re-run one test (`id` is an outcome of it) or every test of the scope (`id` absent). */
  | { readonly type: 'runTests'; readonly id?: string; readonly ignoreCache: boolean }
  | { readonly type: 'openPrompt'; readonly id: string }
  | { readonly type: 'compareVersions'; readonly id: string }
  | { readonly type: 'copyOutput'; readonly id: string }
  | { readonly type: 'export'; readonly format: ExportFormat; readonly ids: readonly string[] }
  | { readonly type: 'clearCache' }
  | { readonly type: 'pruneCache' }
  /** Sent after every render so the host can show counts and answer `promptops.showOutcomes`. */
  | { readonly type: 'rendered'; readonly snapshot: OutcomePanelSnapshot };
