// The runner's data model: planned cases, their results, progress events, and the collaborators it is given.
// The CLI and the extension both drive the runner through these types, so they stay free of any host API.
import type { AssertionSpec, Message, PromptDocument, Range, RenderedPrompt, TestSpec } from '../promptFile/model';
import type { AssertionContext, AssertionResult, AssertionSummary } from '../assertions/types';
import type { RunRecord } from '../store/types';
import type { InFlightRequests } from './inflight';
import type { ChatRequest, ChatResponse, ProviderClient, ProviderErrorKind, Usage } from '../providers/types';

/** One unit of work: a test, with one dataset row, on one model, for one repetition. */
export interface PlannedCase {
  /** Stable across runs of the same file: `test name › provider/model › row N › #k`. */
  readonly id: string;
  /** Position in the plan; results come back in this order. */
  readonly index: number;
  readonly filePath: string;
  readonly testIndex: number;
  readonly testName: string;
  /** `provider/model`, or undefined when neither the test, the command, the file nor the config names one. */
  readonly model: string | undefined;
  /** 0-based dataset row, absent when the test has no dataset. */
  readonly row?: number;
  /** 0-based repetition and the test's repeat count. */
  readonly repeatIndex: number;
  readonly repeatCount: number;
  /** Test vars with the dataset row merged over them. */
  readonly vars: Readonly<Record<string, unknown>>;
  readonly test: TestSpec;
  /** The test item's source range, for editors and annotations. */
  readonly range: Range;
  /** Id shared by every repetition of the same test × row × model, for N/M pass-rate reporting. */
  readonly groupId: string;
}

/** Everything one run will do: cases in plan order, with the document each file was parsed into. */
export interface RunPlan {
  readonly cases: readonly PlannedCase[];
  readonly documents: ReadonlyMap<string, PromptDocument>;
  readonly problems: readonly PlanProblem[];
}

/** The cases of one prompt file, with the document they came from. */
export interface FilePlan {
  readonly filePath: string;
  readonly document: PromptDocument;
  readonly cases: readonly PlannedCase[];
  /** Problems met while planning (an unreadable dataset); the affected tests have no cases. */
  readonly problems: readonly PlanProblem[];
}

export interface PlanProblem {
  readonly filePath: string;
  readonly testName: string;
  readonly range: Range;
  readonly message: string;
}

export type RunErrorKind = ProviderErrorKind | 'render' | 'no-model' | 'provider-setup' | 'assertion' | 'internal';

export interface CaseError {
  readonly kind: RunErrorKind;
  readonly message: string;
}

export type CaseStatus = 'passed' | 'failed' | 'error' | 'cancelled';

export interface CaseResult {
  readonly caseId: string;
  readonly index: number;
  readonly status: CaseStatus;
  readonly messages?: readonly Message[];
  readonly output?: string;
  readonly assertions: readonly AssertionResult[];
  readonly score: number;
  readonly pass: boolean;
  /** The provider's latency; for a cached reply, the latency recorded when it was first fetched. */
  readonly latencyMs?: number;
  readonly usage?: Usage;
  /** US dollars; undefined when the price of the model is unknown. */
  readonly costUsd?: number;
  readonly cached: boolean;
  readonly error?: CaseError;
  /** The provider's finish reason, when a reply was received (cached or not). */
  readonly finishReason?: string;
  /** Provider calls made, retries included; 0 for a cached reply. */
  readonly attempts?: number;
}

/** Pass rate of the repetitions of one test × row × model against the test's `threshold`. */
export interface GroupResult {
  readonly groupId: string;
  readonly filePath: string;
  readonly testName: string;
  readonly model: string | undefined;
  readonly passes: number;
  readonly total: number;
  /** Required pass rate, 1 unless the test sets `threshold`. */
  readonly threshold: number;
  readonly pass: boolean;
  readonly errors: number;
  readonly cancelled: number;
  readonly caseIndexes: readonly number[];
}

export type RunEvent =
  | { readonly type: 'queued'; readonly case: PlannedCase }
  | { readonly type: 'started'; readonly case: PlannedCase }
  | { readonly type: 'chunk'; readonly case: PlannedCase; readonly delta: string }
  | { readonly type: 'cached'; readonly case: PlannedCase }
  | { readonly type: 'error'; readonly case: PlannedCase; readonly error: CaseError }
  /** Every case ends with exactly one `finished`, whatever happened to it. */
  | { readonly type: 'finished'; readonly case: PlannedCase; readonly result: CaseResult };

export type RunListener = (event: RunEvent) => void;

/** A run record as the runner drafts it; the store adapter adds the id and the snapshot reference. */
export type RunRecordDraft = Omit<RunRecord, 'id' | 'snapshot'> & {
  /** The prompt text that ran, for the snapshot. */
  readonly promptText: string;
  /** Absolute path of the prompt file (`promptPath` is the same until the adapter makes it workspace-relative). */
  readonly filePath: string;
};

/** The store as the runner needs it; an adapter over the real store is built in `deps.ts`. */
export interface RunnerStore {
  getCached(key: string): Promise<ChatResponse | undefined>;
  putCached(key: string, response: ChatResponse): Promise<void>;
  /** Queues a run record; resolves once it is written (a store may batch records for a short while first). */
  appendRun(record: RunRecordDraft): Promise<void>;
  /** Writes the records and cache entries queued so far without waiting for a batch to fill; called when a run ends. */
  flush?(): Promise<void>;
}

export interface CacheKeyParts {
  readonly provider: string;
  readonly endpoint: string;
  readonly model: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly messages: readonly Message[];
  readonly output: ChatRequest['output'];
  /** Repetitions of a non-deterministic prompt must not share one reply. */
  readonly repeatIndex: number;
}

/** The runner's collaborators, injected so that tests use fakes and the CLI and extension use the real modules. */
export interface RunnerDeps {
  render(document: PromptDocument, filePath: string, vars: Readonly<Record<string, unknown>>, model: string | undefined): Promise<RenderedPrompt>;
  /** A client for `provider/model`, and the bare model id to send. Throws with a clear message on setup problems. */
  client(modelRef: string): Promise<{ readonly client: ProviderClient; readonly model: string }>;
  evaluate(specs: readonly AssertionSpec[], context: AssertionContext): Promise<AssertionSummary>;
  cacheKey(parts: CacheKeyParts): string;
  estimateCost(provider: string, model: string, usage: Usage | undefined): number | undefined;
  store?: RunnerStore;
  gitInfo?(filePath: string): Promise<{ readonly commit: string; readonly dirty: boolean } | undefined>;
  now(): number;
  /** Problems that do not fail a case (a record the store could not write). */
  warn?(message: string): void;
}

export interface RunOptions {
  /** Most provider calls in flight at once (default 4). */
  readonly concurrency?: number;
  /** Per-provider limits by provider id; the global limit still applies. */
  readonly providerConcurrency?: Readonly<Record<string, number>>;
  readonly signal?: AbortSignal;
  readonly noCache?: boolean;
  readonly stream?: boolean;
  readonly allowJavascript?: boolean;
  /** Stop starting new cases after the first failure or error. */
  readonly bail?: boolean;
  readonly tool?: 'cli' | 'editor';
  /** False drops the rendered messages from the results (the run records keep them): a long CLI run holds less. */
  readonly keepMessages?: boolean;
  /**
   * False keeps only status, score, cost and latency of a passing case in the summary's results (no output, no
   * assertion details): for callers that report passing cases as counts, so a long run does not hold every reply.
   */
  readonly keepPassingDetail?: boolean;
  /** Default grader for llm-rubric assertions that name none. */
  readonly graderModel?: string;
  readonly onEvent?: RunListener;
  /** Identifies this run in every record it writes; a fresh one is made when absent. */
  readonly runId?: string;
  /** Share one instance between runs to merge identical requests across them. */
  readonly inflight?: InFlightRequests<ChatResponse>;
}

export interface RunSummary {
  readonly results: readonly CaseResult[];
  readonly groups: readonly GroupResult[];
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly cancelled: number;
  readonly cached: number;
  readonly durationMs: number;
  readonly costUsd: number | undefined;
}
