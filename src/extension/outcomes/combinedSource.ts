// Several stores seen as one `OutcomeSource`, for "all prompts in the workspace" in a multi-root workspace (each
// folder or config root keeps its own store). Pure Node, no vscode.
import type { CacheStats, PruneResult, RecordSummary, RunRecord } from '../../core/store/types';
import type { OutcomeSource } from './source';

/** The same run with its prompt path made absolute: a store-relative path alone would not say which root it is in. */
function absoluteSummary(r: RecordSummary, source: OutcomeSource): RecordSummary {
  const promptPath = source.toAbsolute(r.promptPath);
  return promptPath === r.promptPath ? r : { ...r, promptPath };
}

function absoluteRecord(r: RunRecord, source: OutcomeSource): RunRecord {
  const promptPath = source.toAbsolute(r.promptPath);
  return promptPath === r.promptPath ? r : { ...r, promptPath };
}

function sumPrunes(results: readonly PruneResult[]): PruneResult {
  return {
    removed: results.reduce((n, r) => n + r.removed, 0),
    freedBytes: results.reduce((n, r) => n + r.freedBytes, 0),
  };
}

/**
 * One source over `sources`: lists, searches and reads from every one of them, and hands out records and summaries
 * whose prompt paths are absolute. Cache actions apply to every store; their figures are the sums.
 */
export function combinedSource(sources: readonly OutcomeSource[]): OutcomeSource {
  if (sources.length === 1) return sources[0];
  return {
    async summaries(promptPath) {
      const lists = await Promise.all(sources.map(async (s) => (await s.summaries(promptPath)).map((r) => absoluteSummary(r, s))));
      return lists.flat();
    },
    async records(promptPath) {
      const lists = await Promise.all(sources.map(async (s) => (await s.records(promptPath)).map((r) => absoluteRecord(r, s))));
      return lists.flat();
    },
    async recordsById(ids) {
      const found = new Map<string, RunRecord>();
      for (const s of sources) {
        const missing = ids.filter((id) => !found.has(id));
        if (missing.length === 0) break;
        for (const r of await s.recordsById(missing)) found.set(r.id, absoluteRecord(r, s));
      }
      return ids.flatMap((id) => {
        const r = found.get(id);
        return r ? [r] : [];
      });
    },
    // Paths this source hands out are absolute already; a relative one can only be resolved against the first root.
    toAbsolute: (storePath) => sources[0]?.toAbsolute(storePath) ?? storePath,
    async cacheStats(): Promise<CacheStats> {
      const all = await Promise.all(sources.map((s) => s.cacheStats()));
      const hits = all.reduce((n, c) => n + c.hits, 0);
      const misses = all.reduce((n, c) => n + c.misses, 0);
      return {
        entries: all.reduce((n, c) => n + c.entries, 0),
        bytes: all.reduce((n, c) => n + c.bytes, 0),
        maxBytes: all.reduce((n, c) => n + c.maxBytes, 0),
        ttlMs: Math.max(0, ...all.map((c) => c.ttlMs)),
        hits,
        misses,
        hitRate: hits + misses === 0 ? 0 : hits / (hits + misses),
      };
    },
    clearCache: async () => sumPrunes(await Promise.all(sources.map((s) => s.clearCache()))),
    pruneCache: async () => sumPrunes(await Promise.all(sources.map((s) => s.pruneCache()))),
    onDidAppend(listener) {
      const subs = sources.map((s) => s.onDidAppend((records) => listener(records.map((r) => absoluteRecord(r, s)))));
      return { dispose: () => subs.forEach((d) => d.dispose()) };
    },
    watchFolders: [...new Set(sources.flatMap((s) => s.watchFolders))],
  };
}
