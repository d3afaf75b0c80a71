// Shared contract of the local outcome store: run records, cached responses, query results.
import type { AssertionResult } from '../assertions/types';
import type { Clock, Logger } from '../io';
import type { Message } from '../promptFile/model';
import type { Usage } from '../providers/types';

/**
 * The `provider/model` a record ran on, as the user wrote it. A case that failed before its provider was known (a
 * render error) has an empty provider: it reads as the bare reference (`echo`), not as `/echo`.
 */
export function modelRefOf(r: { readonly provider: string; readonly model: string }): string {
  return r.provider ? `${r.provider}/${r.model}` : r.model;
}

/** One case run (one test × dataset row × model × repeat), as the history keeps it. */
export interface RunRecord {
  /** Unique per record. */
  readonly id: string;
  /** Shared by every record of one `promptops test` / editor run. */
  readonly runId: string;
  /** Epoch milliseconds when the case finished. */
  readonly time: number;
  readonly tool: 'editor' | 'cli';
  /** Workspace-relative with `/` separators when inside the workspace (see `toStorePath`), else absolute. */
  readonly promptPath: string;
  /** sha256 hex of the prompt text (see `hashText`); equal to the snapshot hash. */
  readonly promptHash: string;
  /** Hash returned by `putSnapshot` for the prompt text that ran. */
  readonly snapshot: string;
  readonly git?: { readonly commit: string; readonly dirty: boolean };
  readonly testName: string;
  /** Stable id of the case inside the prompt (test, dataset row, model), chosen by the runner. */
  readonly caseId: string;
  readonly vars: Readonly<Record<string, unknown>>;
  /** Provider id (`openai`, `ollama`, …). */
  readonly provider: string;
  /** Model id without the provider prefix. */
  readonly model: string;
  readonly endpoint: string;
  readonly messages: readonly Message[];
  readonly output: string;
  readonly assertions: readonly AssertionResult[];
  readonly pass: boolean;
  readonly score: number;
  /** Undefined when the reply came from the cache or the call failed before a reply. */
  readonly latencyMs?: number;
  readonly usage?: Usage;
  /** Null when unknown (no price for the model). */
  readonly costUsd: number | null;
  readonly cached: boolean;
  readonly error?: { readonly kind: string; readonly message: string };
  /** 0-based index among `repeat: N` runs of the case. */
  readonly repeatIndex: number;
  /** The provider's finish reason (`stop`, `length`, …); absent when no reply was received. */
  readonly finishReason?: string;
  /** Provider calls made for this case, retries included; 0 for a cached reply, absent when none was made. */
  readonly attempts?: number;
  /** The provider's response metadata (response id, model echoed, usage, request-id headers), secrets redacted. */
  readonly providerMeta?: Readonly<Record<string, unknown>>;
}

/** The fields of a record the history indexes and queries by; loaded for every record, the rest on demand. */
export type RecordMeta = Pick<
  RunRecord,
  'id' | 'runId' | 'time' | 'promptPath' | 'promptHash' | 'snapshot' | 'testName' | 'caseId' | 'pass' | 'repeatIndex' | 'cached'
>;

/**
 * What a list of outcomes needs of a record, without its messages, vars, full output or assertions: kept by the
 * history in a small index beside each segment so a list of 10,000 runs never parses the full records.
 */
export interface RecordSummary extends RecordMeta {
  readonly tool: RunRecord['tool'];
  readonly provider: string;
  readonly model: string;
  /** Errored when the call failed or an assertion could not be evaluated (see `statusOf`). */
  readonly status: 'passed' | 'failed' | 'errored';
  readonly score: number;
  readonly latencyMs?: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly costUsd: number | null;
  readonly git?: { readonly commit: string; readonly dirty: boolean };
  /** The output on one line, whitespace collapsed, at most `PREVIEW_LENGTH` characters (untrusted text). */
  readonly preview: string;
  /** FNV-1a of the full output: tells two outputs apart without their text. */
  readonly outputHash: string;
  /** The error, or the first failing assertion's reason, on one line (not yet redacted). */
  readonly problem?: string;
}

/** Everything that determines a model's reply, and nothing else (never credentials). */
export interface CacheKeyInput {
  readonly provider: string;
  readonly endpoint: string;
  readonly model: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly messages: readonly Message[];
  readonly output: { readonly format: 'text' | 'json'; readonly schema?: Readonly<Record<string, unknown>> };
}

/** A successful reply as the cache keeps it. */
export interface CachedResponse {
  readonly text: string;
  readonly finishReason: string;
  readonly usage?: Usage;
  /** Latency of the original call. */
  readonly latencyMs: number;
  readonly model: string;
  /** Epoch milliseconds when it was stored (filled by the cache on `put`). */
  readonly storedAt?: number;
}

export interface CacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly ttlMs: number;
  /** Lookups by this process since the store was opened. */
  readonly hits: number;
  readonly misses: number;
  /** hits / (hits + misses), 0 when there were no lookups. */
  readonly hitRate: number;
}

export interface PruneResult {
  /** Entries removed because they were expired, damaged, or over the size cap (oldest used first). */
  readonly removed: number;
  readonly freedBytes: number;
}

export interface HistoryStats {
  readonly records: number;
  readonly segments: number;
  readonly bytes: number;
  readonly prompts: number;
  /** Records served from the cache, across every process that ever wrote the history. */
  readonly cachedRecords: number;
  /** Lines skipped because they were damaged. */
  readonly damagedLines: number;
}

export interface StoreStats {
  readonly cache: CacheStats;
  readonly history: HistoryStats;
  readonly snapshots: { readonly count: number; readonly bytes: number };
}

/** The most recent outcome of one case of a prompt, with all repeats of that same run. */
export interface LatestOutcome {
  readonly testName: string;
  readonly caseId: string;
  /** The newest record of the case. */
  readonly record: RunRecord;
  /** Every record of the case in the newest record's run (repeats), oldest repeat first. */
  readonly runRecords: readonly RunRecord[];
}

/** Runs of one prompt grouped by the prompt text that ran. */
export interface VersionGroup {
  readonly promptHash: string;
  readonly firstTime: number;
  readonly lastTime: number;
  readonly records: readonly RunRecord[];
  readonly passed: number;
  readonly failed: number;
}

export interface SnapshotInfo {
  readonly hash: string;
  /** First and last time a run recorded this version of the prompt. */
  readonly firstTime: number;
  readonly lastTime: number;
  readonly runs: number;
}

/** Where the store keeps its files, so the extension can watch them. */
export interface StorePaths {
  readonly root: string;
  readonly cache: string;
  readonly history: string;
  readonly snapshots: string;
}

export interface OpenStoreOptions {
  /** The store folder: `<workspace>/.promptops` by default (see `defaultStoreDir`), or a configured one. */
  readonly dir: string;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Workspace root, to store prompt paths relative to it. */
  readonly workspaceRoot?: string;
  /** Cache time-to-live; default 14 days; 0 or Infinity means entries never expire. */
  readonly ttlMs?: number;
  /** Cache size cap in bytes; default 200 MB. */
  readonly maxBytes?: number;
}
