// Shared contract of the assertion engine: what the runner passes in and what every assertion gives back.
import type { Range } from '../promptFile/model';

/** Asks the grader model one question and returns its raw reply text; supplied by the runner. */
export type GradeFn = (
  prompt: string,
  options: { readonly provider?: string; readonly signal?: AbortSignal },
) => Promise<string>;

export interface AssertionContext {
  /** The model's reply text (untrusted). */
  readonly output: string;
  readonly outputFormat: 'text' | 'json';
  /** The case's vars after defaults; `{{name}}` in string assertion values is filled from them. */
  readonly vars: Readonly<Record<string, unknown>>;
  /** Undefined when unknown (e.g. a cached reply); `latency` then reports an error rather than guessing. */
  readonly latencyMs?: number;
  /** Undefined or null when unknown (no price for the model); `cost` then reports an error. */
  readonly costUsd?: number | null;
  /** True only in a trusted workspace or with `--allow-javascript`; `javascript` assertions need it. */
  readonly trustCode: boolean;
  /** Needed by `llm-rubric`; without it that assertion is an error result. */
  readonly grade?: GradeFn;
  readonly signal?: AbortSignal;
  /** Time limit for one `javascript` / `regex` evaluation and one grader call (default 2,000 ms / 60,000 ms). */
  readonly timeoutMs?: number;
  /** The test-level threshold: when set, the test passes when the weighted score reaches it. */
  readonly threshold?: number;
}

export interface AssertionResult {
  /** As written, including a `not-` prefix. */
  readonly type: string;
  readonly pass: boolean;
  /** 0..1. */
  readonly score: number;
  /** One line: why it passed or failed (expected vs actual, the regex, the JSON path that failed). */
  readonly reason: string;
  /** For equality-like types, the two sides of an expected-vs-actual diff. */
  readonly expected?: string;
  readonly actual?: string;
  readonly weight: number;
  /** The assertion item in the prompt file. */
  readonly range: Range;
  /** Set when the assertion could not be evaluated (bad regex, timeout, grader failure, unknown type). */
  readonly error?: string;
  /** True when the assertion was deliberately not run (javascript in an untrusted workspace); never a pass. */
  readonly notRun?: boolean;
}

export interface AssertionSummary {
  readonly pass: boolean;
  /** Weighted mean of the scores (1 when there are no scored assertions). */
  readonly score: number;
  readonly results: readonly AssertionResult[];
  /** One line: the first failure's reason, or a short pass message. */
  readonly reason: string;
  /** True when any result has an `error` or was not run: the case is errored, not merely failed. */
  readonly errored: boolean;
}

/** What one assertion family's evaluator returns before inversion, weighting and range are applied. */
export interface Verdict {
  readonly pass: boolean;
  readonly score?: number;
  readonly reason: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly error?: string;
  readonly notRun?: boolean;
}
