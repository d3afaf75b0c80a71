// The response cache: one JSON file per entry under `cache/<2 hex>/<key>.json`, written atomically; a TTL on the
// stored time and a size cap that evicts the least recently used entries (use time kept as the file's mtime, so
// every process sharing the folder sees the same order).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Logger } from '../io';
import { describeError, isMissing, writeAtomic } from './files';
import type { CachedResponse, CacheStats, PruneResult } from './types';

const KEY = /^[0-9a-f]{64}$/;
// After an eviction the cache is brought this far under the cap, so a full cache does not rescan on every put.
const LOW_WATER = 0.9;
const STALE_TMP_MS = 60_000;
const TOUCH_GRAIN_MS = 1_000;

interface Entry {
  bytes: number;
  used: number;
}

interface StoredEntry {
  readonly v: 1;
  readonly key: string;
  readonly storedAt: number;
  readonly response: CachedResponse;
}

/** Response cache shared by every process that opens the same store folder. */
export class ResponseCache {
  private index: Map<string, Entry> | undefined;
  private totalBytes = 0;
  private hits = 0;
  private readonly shards = new Set<string>();
  private readonly touched = new Map<string, number>();
  private readonly pendingTouches = new Set<Promise<unknown>>();
  private indexLoad: Promise<Map<string, Entry>> | undefined;
  private evicting: Promise<PruneResult> | undefined;
  private misses = 0;

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
    readonly ttlMs: number,
    readonly maxBytes: number,
  ) {}

  /** The cached reply for a key, or undefined when absent, expired or damaged. */
  async get(key: string): Promise<CachedResponse | undefined> {
    const path = this.pathOf(key);
    let text: string;
    try {
      text = await fs.readFile(path, 'utf8');
    } catch (e) {
      if (!isMissing(e)) this.logger.warn(`Cache entry ${path} could not be read (${describeError(e)}); treating it as a miss.`);
      this.misses++;
      return undefined;
    }
    const entry = parseEntry(text, key);
    if (!entry) {
      this.logger.warn(`Cache entry ${path} is damaged; it was removed and the request will be made again.`);
      await this.remove(key);
      this.misses++;
      return undefined;
    }
    if (this.expired(entry.storedAt)) {
      await this.remove(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    const now = this.clock.now();
    const known = this.index?.get(key);
    if (known) known.used = now;
    this.touch(path, now);
    return { ...entry.response, storedAt: entry.storedAt };
  }

  /** Stores a successful reply (anything that is not one is ignored: errors are never cached). */
  async put(key: string, response: CachedResponse): Promise<void> {
    if (!isResponse(response)) return;
    const path = this.pathOf(key);
    const now = this.clock.now();
    const { storedAt: _ignored, ...rest } = response;
    const body = JSON.stringify({ v: 1, key, storedAt: now, response: rest } satisfies StoredEntry);
    const shard = join(this.dir, key.slice(0, 2));
    if (!this.shards.has(shard)) {
      await fs.mkdir(shard, { recursive: true });
      this.shards.add(shard);
    }
    try {
      await writeAtomic(path, body);
    } catch (e) {
      if (!isMissing(e)) throw e;
      // The folder was removed under us (someone deleted the cache by hand): recreate it once.
      await fs.mkdir(shard, { recursive: true });
      await writeAtomic(path, body);
    }
    // A fresh file's mtime is already "now" unless the injected clock is not the system's (tests).
    if (Math.abs(now - Date.now()) > TOUCH_GRAIN_MS) await fs.utimes(path, now / 1000, now / 1000).catch(() => undefined);
    this.touched.set(path, now);
    const index = await this.loadIndex();
    const bytes = Buffer.byteLength(body);
    this.totalBytes += bytes - (index.get(key)?.bytes ?? 0);
    index.set(key, { bytes, used: now });
    for (let round = 0; round < 3 && this.totalBytes > this.maxBytes; round++) {
      // Puts racing past the cap share one rescan-and-evict; a put whose file that scan missed counts it and
      // checks again.
      this.evicting ??= this.scan()
        .then((fresh) => this.evict(fresh))
        .finally(() => (this.evicting = undefined));
      await this.evicting;
      if (this.index && !this.index.has(key) && (await fs.stat(path).catch(() => undefined))) {
        this.index.set(key, { bytes, used: now });
        this.totalBytes += bytes;
      }
    }
  }

  /** Entries and bytes on disk now, and this process's hit rate. */
  async stats(): Promise<CacheStats> {
    const index = await this.scan();
    const lookups = this.hits + this.misses;
    return {
      entries: index.size,
      bytes: this.totalBytes,
      maxBytes: this.maxBytes,
      ttlMs: this.ttlMs,
      hits: this.hits,
      misses: this.misses,
      hitRate: lookups === 0 ? 0 : this.hits / lookups,
    };
  }

  /** Removes every entry. */
  async clear(): Promise<PruneResult> {
    const index = await this.scan();
    let removed = 0;
    let freedBytes = 0;
    for (const [key, e] of [...index]) {
      if (await this.remove(key)) {
        removed++;
        freedBytes += e.bytes;
      }
    }
    return { removed, freedBytes };
  }

  /** Removes expired and damaged entries, then evicts least recently used ones down to the size cap. */
  async prune(): Promise<PruneResult> {
    const index = await this.scan();
    let removed = 0;
    let freedBytes = 0;
    for (const [key, e] of [...index]) {
      let entry: StoredEntry | undefined;
      try {
        entry = parseEntry(await fs.readFile(this.pathOf(key), 'utf8'), key);
      } catch (err) {
        if (isMissing(err)) continue;
      }
      if (!entry || this.expired(entry.storedAt)) {
        if (await this.remove(key)) {
          removed++;
          freedBytes += e.bytes;
        }
      }
    }
    const evicted = this.totalBytes > this.maxBytes ? await this.evict(index, 1) : { removed: 0, freedBytes: 0 };
    return { removed: removed + evicted.removed, freedBytes: freedBytes + evicted.freedBytes };
  }

  // Marks an entry used for LRU by its mtime, without holding up the caller; touches closer together than the
  // grain are skipped, since eviction order does not need millisecond precision.
  private touch(path: string, now: number): void {
    const last = this.touched.get(path);
    if (last !== undefined && Math.abs(now - last) < TOUCH_GRAIN_MS) return;
    if (this.touched.size > 100_000) this.touched.clear();
    this.touched.set(path, now);
    const pending = fs.utimes(path, now / 1000, now / 1000).catch(() => undefined);
    this.pendingTouches.add(pending);
    void pending.then(() => this.pendingTouches.delete(pending));
  }

  private expired(storedAt: number): boolean {
    return this.ttlMs > 0 && Number.isFinite(this.ttlMs) && this.clock.now() - storedAt > this.ttlMs;
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`Invalid cache key ${JSON.stringify(key.slice(0, 80))}: expected 64 hex digits from cacheKey().`);
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  private async remove(key: string): Promise<boolean> {
    const known = this.index?.get(key);
    if (known) {
      this.totalBytes -= known.bytes;
      this.index?.delete(key);
    }
    try {
      await fs.unlink(this.pathOf(key));
      return true;
    } catch (e) {
      if (!isMissing(e)) this.logger.warn(`Cache entry for ${key} could not be removed: ${describeError(e)}`);
      return false;
    }
  }

  private async evict(index: Map<string, Entry>, ratio = LOW_WATER): Promise<PruneResult> {
    const target = this.maxBytes * ratio;
    let removed = 0;
    let freedBytes = 0;
    const oldestFirst = [...index].sort((a, b) => a[1].used - b[1].used);
    for (const [key, e] of oldestFirst) {
      if (this.totalBytes <= target) break;
      if (await this.remove(key)) {
        removed++;
        freedBytes += e.bytes;
      }
    }
    return { removed, freedBytes };
  }

  // Concurrent first puts share one scan rather than each scanning the whole folder.
  private loadIndex(): Promise<Map<string, Entry>> {
    if (this.index) return Promise.resolve(this.index);
    this.indexLoad ??= this.scan().finally(() => (this.indexLoad = undefined));
    return this.indexLoad;
  }

  /** Rebuilds the index from disk: other processes add and evict entries too. Also drops stale temp files. */
  private async scan(): Promise<Map<string, Entry>> {
    // Use times still being written would make the eviction order stale.
    await Promise.all([...this.pendingTouches]);
    const index = new Map<string, Entry>();
    let total = 0;
    let shards: string[] = [];
    try {
      shards = await fs.readdir(this.dir);
    } catch (e) {
      if (!isMissing(e)) this.logger.warn(`Cache folder ${this.dir} could not be read: ${describeError(e)}`);
    }
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      let names: string[];
      try {
        names = await fs.readdir(join(this.dir, shard));
      } catch {
        continue;
      }
      for (const name of names) {
        const path = join(this.dir, shard, name);
        const st = await fs.stat(path).catch(() => undefined);
        if (!st) continue;
        if (name.endsWith('.tmp')) {
          if (Date.now() - st.mtimeMs > STALE_TMP_MS) await fs.rm(path, { force: true }).catch(() => undefined);
          continue;
        }
        const key = name.slice(0, -'.json'.length);
        if (!name.endsWith('.json') || !KEY.test(key)) continue;
        index.set(key, { bytes: st.size, used: st.mtimeMs });
        total += st.size;
      }
    }
    this.index = index;
    this.totalBytes = total;
    return index;
  }
}

function parseEntry(text: string, key: string): StoredEntry | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const d = data as Partial<StoredEntry> | null;
  if (!d || d.v !== 1 || d.key !== key || typeof d.storedAt !== 'number' || !isResponse(d.response)) return undefined;
  return d as StoredEntry;
}

function isResponse(r: unknown): r is CachedResponse {
  const x = r as Partial<CachedResponse> | null;
  return (
    !!x &&
    typeof x === 'object' &&
    typeof x.text === 'string' &&
    typeof x.finishReason === 'string' &&
    typeof x.latencyMs === 'number' &&
    typeof x.model === 'string' &&
    (x.usage === undefined || (typeof x.usage === 'object' && x.usage !== null))
  );
}
