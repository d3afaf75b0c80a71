// Adapts the store's `OutcomeStore` to the panel's `OutcomeSource`. Pure Node, no vscode.
import { isAbsolute, join } from 'node:path';
import type { OutcomeStore } from '../../core/store/store';
import type { RecordSummary, RunRecord } from '../../core/store/types';
import type { OutcomeSource } from './source';

/** The panel's view of a store whose relative prompt paths are relative to `workspaceRoot`. */
export function storeSource(store: OutcomeStore, workspaceRoot: string | undefined): OutcomeSource {
  const toAbsolute = (storePath: string): string =>
    isAbsolute(storePath) || !workspaceRoot ? storePath : join(workspaceRoot, ...storePath.split('/'));
  return {
    async summaries(promptPath: string | undefined): Promise<readonly RecordSummary[]> {
      if (promptPath !== undefined) return store.summariesOf(promptPath);
      const all: RecordSummary[] = [];
      for (const p of await store.prompts()) all.push(...(await store.summariesOf(toAbsolute(p))));
      return all;
    },
    recordsById: (ids) => store.recordsById(ids),
    async records(promptPath: string | undefined): Promise<readonly RunRecord[]> {
      if (promptPath !== undefined) return store.recordsOf(promptPath);
      const all: RunRecord[] = [];
      for (const p of await store.prompts()) all.push(...(await store.recordsOf(toAbsolute(p))));
      return all;
    },
    toAbsolute,
    cacheStats: () => store.cache.stats(),
    clearCache: () => store.cache.clear(),
    pruneCache: () => store.cache.prune(),
    onDidAppend(listener) {
      return { dispose: store.onDidAppend(listener) };
    },
    watchFolders: [store.paths.history],
  };
}
