// The runner's view of the outcome store: cached replies in the shape of provider responses, and run records
// completed with the prompt snapshot and a workspace-relative path.
import type { ChatResponse } from '../providers/types';
import { newId, type OutcomeStore } from '../store/store';
import type { RunRecord } from '../store/types';
import type { RunnerStore, RunRecordDraft } from './types';

/** Records are written when this many are queued, ... */
const BATCH_RECORDS = 256;
/** ... or this long after the first of a batch was queued, so a store listener (the outcomes view) stays live. */
const BATCH_MS = 250;

interface Queued {
  readonly record: Omit<RunRecord, 'snapshot'>;
  readonly snapshot: Promise<string>;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/** Adapts an open OutcomeStore for the runner; run records are written in batches (`flush` writes at once). */
export function storeAdapter(store: OutcomeStore): RunnerStore {
  const snapshots = new Map<string, Promise<string>>();
  // A run has few prompt files and many records: each path is made workspace-relative once.
  const storePaths = new Map<string, string>();
  const storePathOf = (filePath: string): string => {
    let p = storePaths.get(filePath);
    if (p === undefined) storePaths.set(filePath, (p = store.storePath(filePath)));
    return p;
  };
  let queue: Queued[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const snapshotOf = (draft: RunRecordDraft): Promise<string> => {
    let p = snapshots.get(draft.promptHash);
    if (p === undefined) {
      p = store.putSnapshot(draft.promptText);
      // A failed snapshot write is retried by the next record rather than remembered.
      p.catch(() => snapshots.delete(draft.promptHash));
      snapshots.set(draft.promptHash, p);
    }
    return p;
  };

  /** Starts writing the queued records (after any batch still being written, to keep the file order). */
  const writeQueued = (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return writing;
    writing = writing.then(() => writeBatch(store, batch));
    return writing;
  };

  return {
    async getCached(key: string): Promise<ChatResponse | undefined> {
      const hit = await store.cache.get(key);
      if (hit === undefined) return undefined;
      return {
        text: hit.text,
        finishReason: hit.finishReason,
        ...(hit.usage !== undefined ? { usage: hit.usage } : {}),
        latencyMs: hit.latencyMs,
        model: hit.model,
        raw: { cachedAt: hit.storedAt },
        attempts: 0,
      };
    },
    putCached(key: string, r: ChatResponse): Promise<void> {
      return store.cache.put(key, { text: r.text, finishReason: r.finishReason, ...(r.usage !== undefined ? { usage: r.usage } : {}), latencyMs: r.latencyMs, model: r.model });
    },
    appendRun(draft: RunRecordDraft): Promise<void> {
      const { promptText: _text, filePath, ...rest } = draft;
      const record = { ...rest, id: newId(), promptPath: storePathOf(filePath) };
      const snapshot = snapshotOf(draft);
      // Settled through the record's own promise; this keeps a failed snapshot from being an unhandled rejection.
      snapshot.catch(() => undefined);
      return new Promise<void>((resolve, reject) => {
        queue.push({ record, snapshot, resolve, reject });
        if (queue.length >= BATCH_RECORDS) void writeQueued();
        else timer ??= setTimeout(() => void writeQueued(), BATCH_MS);
      });
    },
    async flush(): Promise<void> {
      await Promise.all([writeQueued(), store.cache.flush()]);
    },
  };
}

/** One append for the batch; a record whose snapshot failed is rejected alone, the others are still written. */
async function writeBatch(store: OutcomeStore, batch: readonly Queued[]): Promise<void> {
  const snapshots = await Promise.allSettled(batch.map((q) => q.snapshot));
  const ready: Queued[] = [];
  const records: RunRecord[] = [];
  batch.forEach((q, i) => {
    const s = snapshots[i];
    if (s.status === 'rejected') q.reject(s.reason);
    else {
      ready.push(q);
      records.push({ ...q.record, snapshot: s.value });
    }
  });
  if (records.length === 0) return;
  try {
    await store.append(records);
    for (const q of ready) q.resolve();
  } catch (e) {
    for (const q of ready) q.reject(e);
  }
}
