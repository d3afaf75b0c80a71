// The typed protocol between the version diff's host (src/extension/diff) and its front end (webview-ui/diff).
// Types only; both sides import it with `import type`. Shapes mirror src/core/compare so the host passes them on.

export type DiffVersionKind = 'unsaved' | 'workingCopy' | 'head' | 'commit' | 'snapshot';

export interface DiffVersionOption {
  /** `unsaved`, `workingCopy`, `head`, `commit:<sha>:<path>`, `snapshot:<hash>`. */
  readonly id: string;
  readonly kind: DiffVersionKind;
  /** `working copy`, `HEAD`, `a1b2c3d · 2 days ago · message`, `run snapshot · 14:02` (untrusted: commit subjects). */
  readonly label: string;
}

export interface DiffSegment {
  readonly text: string;
  readonly changed: boolean;
}

export interface DiffSideLine {
  readonly line: number;
  readonly text: string;
  readonly segments?: readonly DiffSegment[];
}

export interface DiffTextRow {
  readonly kind: 'equal' | 'changed' | 'removed' | 'added';
  readonly left?: DiffSideLine;
  readonly right?: DiffSideLine;
  readonly section: 'frontmatter' | 'body';
}

export interface DiffRowRange {
  readonly start: number;
  readonly end: number;
}

export interface DiffTextModel {
  readonly rows: readonly DiffTextRow[];
  readonly changes: readonly number[];
  readonly folds: readonly DiffRowRange[];
  readonly stats: { readonly added: number; readonly removed: number; readonly changed: number };
  readonly identical: boolean;
  readonly notes: readonly string[];
}

export interface DiffSummaryItem {
  readonly area: 'model' | 'config' | 'input' | 'output' | 'tests' | 'other';
  readonly kind: 'added' | 'removed' | 'changed' | 'renamed';
  readonly text: string;
}

export type DiffOutputDiff =
  | { readonly kind: 'same' }
  | {
      readonly kind: 'json';
      readonly changes: readonly { readonly path: string; readonly kind: 'added' | 'removed' | 'changed'; readonly before?: string; readonly after?: string }[];
      readonly truncated: boolean;
    }
  | { readonly kind: 'text'; readonly left: readonly DiffSegment[]; readonly right: readonly DiffSegment[] };

export type DiffOutcomeStatus = 'regressed' | 'fixed' | 'changed' | 'unchanged' | 'missing-left' | 'missing-right';

export interface DiffOutcomeSide {
  readonly model: string;
  /** Model output: untrusted text, shown with textContent only. */
  readonly output: string;
  readonly pass: boolean;
  readonly score: number;
  readonly latencyMs?: number;
  readonly tokens?: number;
  readonly costUsd: number | null;
  readonly cached: boolean;
  readonly error?: string;
  readonly failures: readonly string[];
}

export interface DiffOutcomeRow {
  readonly key: string;
  readonly testName: string;
  readonly caseId: string;
  readonly repeatIndex: number;
  readonly varsSummary: string;
  readonly status: DiffOutcomeStatus;
  readonly left?: DiffOutcomeSide;
  readonly right?: DiffOutcomeSide;
  readonly deltas: { readonly score?: number; readonly latencyMs?: number; readonly tokens?: number; readonly costUsd?: number };
  readonly outputDiff?: DiffOutputDiff;
}

export interface DiffSideTotals {
  readonly cases: number;
  readonly passed: number;
  readonly failed: number;
  readonly passRate: number | null;
  readonly costUsd: number;
  /** Cases that ran with no price for their model. */
  readonly unknownCost: number;
  /** Cases whose call failed. */
  readonly errored: number;
  /** Sum of the measured latencies, over `measured` cases (cached replies have none). */
  readonly latencyMs: number;
  readonly measured: number;
  readonly tokens: number;
}

export interface DiffOutcomes {
  readonly mode: 'versions' | 'models';
  readonly rows: readonly DiffOutcomeRow[];
  readonly totals: { readonly left: DiffSideTotals; readonly right: DiffSideTotals; readonly counts: Readonly<Record<DiffOutcomeStatus, number>> };
}

/** Which two things are compared: two versions, or one version (left) on two models. */
export interface DiffSelection {
  readonly left: string;
  readonly right: string;
  readonly models?: { readonly left: string; readonly right: string };
}

export interface DiffModel {
  /** The prompt file's URI, kept in the view state so a reload can revive the tab. */
  readonly fileUri: string;
  readonly fileName: string;
  readonly selection: DiffSelection;
  readonly leftLabel: string;
  readonly rightLabel: string;
  /** `provider/model` names that ran on either version, for the model comparison pickers. */
  readonly availableModels: readonly string[];
  readonly text: DiffTextModel;
  readonly summary: { readonly changes: readonly DiffSummaryItem[]; readonly problems: readonly string[] };
  readonly outcomes: DiffOutcomes;
}

export type DiffHostMessage =
  | { readonly type: 'versions'; readonly versions: readonly DiffVersionOption[] }
  | { readonly type: 'loading'; readonly selection: DiffSelection }
  | { readonly type: 'model'; readonly model: DiffModel }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'running'; readonly running: boolean; readonly message?: string };

export type DiffWebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'select'; readonly selection: DiffSelection }
  | { readonly type: 'refresh' }
  /** Run the cases of `rowKeys` (all missing ones when absent) for one side, through the engine and the cache. */
  | { readonly type: 'run'; readonly side: 'left' | 'right'; readonly rowKeys?: readonly string[] }
  | { readonly type: 'runMissing' };

export type DiffFilter = 'all' | 'changed' | 'regressed' | 'fixed' | 'missing';

/** What the webview persists with setState, and the serializer revives the panel from. */
export interface DiffViewState {
  readonly fileUri: string;
  readonly selection?: DiffSelection;
  readonly filter: DiffFilter;
  readonly collapse: boolean;
}
