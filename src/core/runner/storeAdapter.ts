// The runner's view of the outcome store: cached replies in the shape of provider responses, and run records
// completed with the prompt snapshot and a workspace-relative path.
import type { ChatResponse } from '../providers/types';
import { newId, type OutcomeStore } from '../store/store';
import type { RunRecord } from '../store/types';
import type { RunnerStore, RunRecordDraft } from './types';

/** Adapts an open OutcomeStore for the runner; records finished in the same tick are written in one append. */
export function storeAdapter(store: OutcomeStore): RunnerStore {
  const snapshots = new Map<string, Promise<string>>();
  let batch: { records: RunRecord[]; done: Promise<void> } | undefined;

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

  const enqueue = (record: RunRecord): Promise<void> => {
    if (batch === undefined) {
      const records: RunRecord[] = [];
      const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        batch = undefined;
        return store.append(records);
      });
      batch = { records, done };
    }
    batch.records.push(record);
    return batch.done;
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
    async appendRun(draft: RunRecordDraft): Promise<void> {
      const snapshot = await snapshotOf(draft);
      const { promptText: _text, filePath, ...rest } = draft;
      await enqueue({ ...rest, id: newId(), snapshot, promptPath: store.storePath(filePath) });
    },
  };
}
