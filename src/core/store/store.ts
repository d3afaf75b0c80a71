// The local outcome store: response cache, run history and prompt snapshots in one folder
// (`<workspace>/.promptops/` by default), shared by the editor and the CLI through the file system alone.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Logger } from '../io';
import { ResponseCache } from './cache';
import type { CompactResult } from './compact';
import { describeError, storeFolderMaker } from './files';
import { HistoryLog } from './history';
import { segmentPid, type IndexEntry } from './segmentLine';
import { latestOutcomes, runsOfVersion, snapshotInfos, testHistory, versionGroups } from './queries';
import { SnapshotStore } from './snapshots';
import type { HistoryStats, LatestOutcome, OpenStoreOptions, RecordSummary, RunRecord, SnapshotInfo, StorePaths, StoreStats, VersionGroup } from './types';

export const DEFAULT_TTL_MS = 14 * 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;
// Opening a store with this many history files merges the finished ones (see compact.ts).
const AUTO_COMPACT_SEGMENTS = 32;

/** The default store folder of a workspace. */
export function defaultStoreDir(workspaceRoot: string): string {
  return join(workspaceRoot, '.promptops');
}

/** A prompt path as the store keeps it: workspace-relative with `/` when inside the workspace, else unchanged. */
export function toStorePath(workspaceRoot: string | undefined, path: string): string {
  if (!workspaceRoot || !isAbsolute(path)) return path.split(sep).join('/');
  const rel = relative(workspaceRoot, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return path;
  return rel.split(sep).join('/');
}

/** A fresh unique id for a run or a record. */
export function newId(): string {
  return randomUUID();
}

export type AppendListener = (records: readonly RunRecord[]) => void;

/** Opens a store folder; the folder (with its `.gitignore`) is created by the first write, not by opening. */
export async function openStore(options: OpenStoreOptions): Promise<OutcomeStore> {
  const store = new OutcomeStore(options);
  // The history is read by the first query (`promptops test` never makes one); its file count is enough here.
  if ((await countSegments(store.paths.history)) >= AUTO_COMPACT_SEGMENTS) {
    await store.compactHistory(AUTO_COMPACT_SEGMENTS).catch((e: unknown) => options.logger.warn(`Run history compaction failed: ${describeError(e)}`));
  }
  return store;
}

async function countSegments(dir: string): Promise<number> {
  try {
    return (await fs.readdir(dir)).filter((n) => segmentPid(n) !== undefined).length;
  } catch {
    return 0;
  }
}

/** Cache, history and snapshots of one store folder; safe to open from several processes at once. */
export class OutcomeStore {
  readonly paths: StorePaths;
  readonly cache: ResponseCache;
  private readonly history: HistoryLog;
  private readonly snapshots: SnapshotStore;
  private readonly listeners = new Set<AppendListener>();
  private readonly logger: Logger;
  private readonly workspaceRoot: string | undefined;
  private resetCount = 0;

  constructor(options: OpenStoreOptions) {
    this.logger = options.logger;
    this.workspaceRoot = options.workspaceRoot;
    this.paths = {
      root: options.dir,
      cache: join(options.dir, 'cache'),
      history: join(options.dir, 'history'),
      snapshots: join(options.dir, 'snapshots'),
    };
    const make = storeFolderMaker(options.dir, options.logger);
    this.cache = new ResponseCache(this.paths.cache, options.logger, options.clock, options.ttlMs ?? DEFAULT_TTL_MS, options.maxBytes ?? DEFAULT_MAX_BYTES, undefined, make);
    this.history = new HistoryLog(this.paths.history, options.logger, options.clock, () => {
      this.resetCount++;
      // Before the records are written again: each names a snapshot, which must be on disk when they are.
      return this.snapshots.writeAgain();
    }, make);
    this.snapshots = new SnapshotStore(this.paths.snapshots, options.logger, make);
  }

  /** A prompt path in the store's form (see `toStorePath`). */
  storePath(path: string): string {
    return toStorePath(this.workspaceRoot, path);
  }

  /** Appends run records to the history, then tells in-process listeners. */
  async append(records: RunRecord | readonly RunRecord[]): Promise<void> {
    const list: readonly RunRecord[] = Array.isArray(records) ? records : [records as RunRecord];
    await this.history.append(list);
    for (const listener of [...this.listeners]) {
      try {
        listener(list);
      } catch (e) {
        this.logger.error(`A run-history listener failed: ${describeError(e)}`);
      }
    }
  }

  /** Subscribes to records appended by this process; returns the unsubscribe function. */
  onDidAppend(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Picks up records other processes appended since the last look. Queries call it themselves. */
  refresh(): Promise<void> {
    return this.history.refresh();
  }

  /**
   * How many times this store found its files deleted under it while open (a reset by hand). The batch being written
   * then goes again to fresh files, after the snapshots this store had written.
   */
  get resets(): number {
    return this.resetCount;
  }

  /** Stores a prompt text once, by content; returns its hash (the record's `snapshot` and `promptHash`). */
  putSnapshot(text: string): Promise<string> {
    return this.snapshots.put(text);
  }

  /** A stored prompt text by hash, or undefined. */
  getSnapshot(hash: string): Promise<string | undefined> {
    return this.snapshots.get(hash);
  }

  /** The versions of a prompt that ran, newest first, with when they ran. */
  async listSnapshots(promptPath: string): Promise<SnapshotInfo[]> {
    return snapshotInfos(await this.entriesOf(promptPath));
  }

  /** Every record of a prompt, in no particular order. */
  async recordsOf(promptPath: string): Promise<readonly RunRecord[]> {
    return this.history.load(await this.entriesOf(promptPath));
  }

  /** The summary of every record of a prompt, in no particular order: what a list shows, without full records. */
  async summariesOf(promptPath: string): Promise<RecordSummary[]> {
    return this.history.summaries(await this.entriesOf(promptPath));
  }

  /** The full records with these ids that the history holds, in the order asked. */
  async recordsById(ids: Iterable<string>): Promise<RunRecord[]> {
    await this.history.refresh();
    return this.history.load(this.history.entriesById(ids));
  }

  /** Prompt paths that have any record. */
  async prompts(): Promise<string[]> {
    await this.history.refresh();
    return this.history.prompts().sort();
  }

  /** The latest outcome of each case of a prompt. */
  async latestOutcomes(promptPath: string): Promise<LatestOutcome[]> {
    const out: LatestOutcome[] = [];
    const latest = latestOutcomes(await this.entriesOf(promptPath));
    // One load for every record the answer holds, so nearby lines of a segment are read together.
    const records = new Map((await this.history.load(latest.flatMap((o) => [o.record, ...o.runRecords]))).map((r) => [r.id, r]));
    for (const o of latest) {
      const record = records.get(o.record.id);
      const runRecords = o.runRecords.flatMap((e) => records.get(e.id) ?? []);
      if (record) out.push({ testName: o.testName, caseId: o.caseId, record, runRecords });
    }
    return out;
  }

  /** The history of one test of a prompt, oldest first. */
  async testHistory(promptPath: string, testName: string): Promise<RunRecord[]> {
    return this.history.load(testHistory(await this.entriesOf(promptPath), testName));
  }

  /** All runs of one version of a prompt, oldest first. */
  async runsOfVersion(promptPath: string, promptHash: string): Promise<RunRecord[]> {
    return this.history.load(runsOfVersion(await this.entriesOf(promptPath), promptHash));
  }

  /** A prompt's runs grouped by version, most recently run first. */
  async versions(promptPath: string): Promise<VersionGroup[]> {
    const groups = versionGroups(await this.entriesOf(promptPath));
    const loaded = new Map((await this.history.load(groups.flatMap((g) => g.records))).map((r) => [r.id, r]));
    return groups.map((g) => {
      const records = g.records.flatMap((e) => loaded.get(e.id) ?? []);
      const passed = records.filter((r) => r.pass).length;
      return { ...g, records, passed, failed: records.length - passed };
    });
  }

  private async entriesOf(promptPath: string): Promise<readonly IndexEntry[]> {
    await this.history.refresh();
    return this.history.entriesOf(this.storePath(promptPath));
  }

  /** Counts of the run history alone (cheaper than `stats`, which scans the cache folder). */
  async historyStats(): Promise<HistoryStats> {
    await this.history.refresh();
    return this.history.stats();
  }

  /** Sizes and counts of the cache, history and snapshots. */
  async stats(): Promise<StoreStats> {
    await this.history.refresh();
    return { cache: await this.cache.stats(), history: this.history.stats(), snapshots: await this.snapshots.stats() };
  }

  /** Merges history segments of writers that have exited into one file (when at least `minSegments`). */
  compactHistory(minSegments = 2): Promise<CompactResult> {
    return this.history.compact(minSegments);
  }

  /** Flushes pending appends and cache writes, and closes this writer's history and cache segments. */
  async close(): Promise<void> {
    await Promise.all([this.history.close(), this.cache.close()]);
  }
}
