// What the outcome panel needs from the local store, as a small interface: the host is tested against a real store,
// and this seam keeps the panel independent of how the store is opened.
import type { CacheStats, PruneResult, RecordSummary, RunRecord } from '../../core/store/types';

export interface Unsubscribe {
  dispose(): void;
}

export interface OutcomeSource {
  /** Summaries of the runs of one prompt (absolute path), or of every prompt when undefined: what the list shows. */
  summaries(promptPath: string | undefined): Promise<readonly RecordSummary[]>;
  /** Full run records of one prompt, or of every prompt when undefined (for searching full outputs). */
  records(promptPath: string | undefined): Promise<readonly RunRecord[]>;
  /** The full records with these ids, in the order asked; ids no longer in the store are left out. */
  recordsById(ids: readonly string[]): Promise<readonly RunRecord[]>;
  /** A record's prompt path (as stored) made absolute. */
  toAbsolute(storePath: string): string;
  cacheStats(): Promise<CacheStats>;
  clearCache(): Promise<PruneResult>;
  pruneCache(): Promise<PruneResult>;
  /** Records appended by this process, as they are written. */
  onDidAppend(listener: (records: readonly RunRecord[]) => void): Unsubscribe;
  /** Folders whose changes mean another process (the CLI) wrote records. */
  readonly watchFolders: readonly string[];
}
