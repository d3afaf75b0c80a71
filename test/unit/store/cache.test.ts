import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResponseCache } from '../../../src/core/store/cache';
import { CacheIndex } from '../../../src/core/store/cacheIndex';
import { cacheKey } from '../../../src/core/store/key';
import type { CachedResponse } from '../../../src/core/store/types';
import { manualClock, recordingLogger, storeTracker, tempDir } from './fixtures';

/** Every store a test opens is closed after it. */
const stores = storeTracker();

const reply = (text: string): CachedResponse => ({ text, finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 2 }, latencyMs: 40, model: 'm' });
const key = (n: number): string => cacheKey({ provider: 'echo', endpoint: 'x', model: 'm', config: { n }, messages: [], output: { format: 'text' } });

function segmentFiles(dir: string): string[] {
  return readdirSync(join(dir, 'cache')).filter((n) => n.endsWith('.log')).map((n) => join(dir, 'cache', n));
}

/** Flips one byte inside the reply of the line that stores `k`. */
function damageLine(dir: string, k: string): void {
  for (const file of segmentFiles(dir)) {
    const data = readFileSync(file);
    const at = data.indexOf(`"k":"${k}","t"`);
    if (at < 0) continue;
    const body = data.indexOf('\t', at) + 5;
    data[body] = data[body] === 0x41 ? 0x42 : 0x41;
    writeFileSync(file, data);
    return;
  }
  throw new Error(`no line for ${k}`);
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
}

describe('response cache', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(async () => {
    await stores.closeAll();
    t.cleanup();
  });

  it('returns what was put, counts hits and misses', async () => {
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    assert.equal(await store.cache.get(key(1)), undefined);
    await store.cache.put(key(1), reply('hello'));
    const got = await store.cache.get(key(1));
    assert.equal(got?.text, 'hello');
    assert.deepEqual(got?.usage, { inputTokens: 3, outputTokens: 2 });
    const stats = await store.cache.stats();
    assert.deepEqual([stats.entries, stats.hits, stats.misses, stats.hitRate], [1, 1, 1, 0.5]);
    assert.ok(stats.bytes > 50);
  });

  it('is shared by two stores on the same folder (editor and CLI)', async () => {
    const a = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const b = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    await a.cache.put(key(1), reply('from a'));
    assert.equal((await b.cache.get(key(1)))?.text, 'from a');
  });

  it('misses before the cache folder exists list it once, and a put by another store is still found once it does', async () => {
    // Each listing goes through the thread pool; a cold run makes a lookup per case before its first put lands.
    const proto = CacheIndex.prototype;
    const descriptor = Object.getOwnPropertyDescriptor(proto, 'readAll') as PropertyDescriptor;
    const readAll = descriptor.value as (this: CacheIndex) => Promise<void>;
    let listings = 0;
    Object.defineProperty(proto, 'readAll', {
      ...descriptor,
      value(this: CacheIndex) {
        listings++;
        return readAll.call(this);
      },
    });
    try {
      const a = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
      for (let n = 0; n < 20; n++) assert.equal(await a.cache.get(key(n)), undefined);
      assert.equal(listings, 1);
      const b = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
      await b.cache.put(key(3), reply('from b'));
      assert.equal((await a.cache.get(key(3)))?.text, 'from b');
    } finally {
      Object.defineProperty(proto, 'readAll', descriptor);
    }
  });

  it('never stores errors or malformed replies', async () => {
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    await store.cache.put(key(1), { error: 'rate limited' } as unknown as CachedResponse);
    await store.cache.put(key(2), { ...reply('x'), text: undefined } as unknown as CachedResponse);
    assert.equal((await store.cache.stats()).entries, 0);
  });

  it('expires entries after the TTL', async () => {
    const clock = manualClock();
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock, ttlMs: 60_000 });
    await store.cache.put(key(1), reply('fresh'));
    clock.advance(59_000);
    assert.equal((await store.cache.get(key(1)))?.text, 'fresh');
    clock.advance(2_000);
    assert.equal(await store.cache.get(key(1)), undefined);
    assert.equal((await store.cache.stats()).entries, 0);
  });

  it('evicts the least recently used entries past the size cap', async () => {
    const clock = manualClock();
    const probe = await stores.open({ dir: join(t.dir, 'probe'), logger: recordingLogger(), clock });
    await probe.cache.put(key(0), reply('x'.repeat(100)));
    const size = (await probe.cache.stats()).bytes;
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock, maxBytes: Math.floor(size * 3.5) });
    for (const n of [1, 2, 3]) {
      clock.advance(1000);
      await store.cache.put(key(n), reply('x'.repeat(100)));
    }
    clock.advance(1000);
    assert.ok(await store.cache.get(key(1)), 'touching 1 makes 2 the least recently used');
    clock.advance(1000);
    await store.cache.put(key(4), reply('x'.repeat(100)));
    assert.equal(await store.cache.get(key(2)), undefined);
    for (const n of [1, 3, 4]) assert.ok(await store.cache.get(key(n)), `entry ${n} kept`);
    assert.equal((await store.cache.stats()).bytes, size * 3);
  });

  it('a damaged entry is a miss with a warning, whether damaged before or after it was loaded', async () => {
    const writer = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    await writer.cache.put(key(1), reply('hello'));
    await writer.cache.put(key(2), reply('intact'));
    await writer.close();
    damageLine(t.dir, key(1));
    const logger = recordingLogger();
    const store = await stores.open({ dir: t.dir, logger, clock: manualClock() });
    assert.equal(await store.cache.get(key(1)), undefined);
    assert.equal((await store.cache.get(key(2)))?.text, 'intact', 'the other entries stay readable');
    assert.match(logger.warnings.join('\n'), /skipped 1 damaged line/);
    assert.equal((await store.cache.stats()).entries, 1);

  });

  it('checks a line read from disk again: damage after the index was loaded is a miss with a warning', async () => {
    const writer = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    await writer.cache.put(key(1), reply('hello'));
    await writer.close();
    const logger = recordingLogger();
    // No bytes kept in memory, so every hit reads its line from the file.
    const cache = new ResponseCache(join(t.dir, 'cache'), logger, manualClock(), 0, 1024 * 1024, 0);
    assert.equal((await cache.get(key(1)))?.text, 'hello');
    damageLine(t.dir, key(1));
    assert.equal(await cache.get(key(1)), undefined);
    assert.match(logger.warnings.join('\n'), /Response cache entry .* is damaged; it is ignored/);
    assert.equal((await cache.stats()).entries, 0);
    await cache.close();
  });

  it('prune removes expired and damaged entries and reports what it freed; clear removes all', async () => {
    const clock = manualClock();
    const writer = await stores.open({ dir: t.dir, logger: recordingLogger(), clock, ttlMs: 10_000 });
    await writer.cache.put(key(1), reply('old'));
    clock.advance(20_000);
    await writer.cache.put(key(2), reply('new'));
    await writer.cache.put(key(3), reply('soon damaged'));
    await writer.close();
    damageLine(t.dir, key(3));
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock, ttlMs: 10_000 });
    const before = (await store.cache.stats()).bytes;
    const pruned = await store.cache.prune();
    assert.equal(pruned.removed, 2);
    const after = (await store.cache.stats()).bytes;
    assert.equal(pruned.freedBytes, before - after);
    assert.ok(after > 0 && after < before / 2, `${after} of ${before} bytes left`);
    assert.equal(segmentFiles(t.dir).length, 1, 'what is left is merged into one file');
    assert.equal((await store.cache.get(key(2)))?.text, 'new');
    const fresh = await stores.open({ dir: t.dir, logger: recordingLogger(), clock, ttlMs: 10_000 });
    assert.equal((await fresh.cache.get(key(2)))?.text, 'new', 'the merged file serves other processes');
    assert.equal(await fresh.cache.get(key(3)), undefined);
    const cleared = await store.cache.clear();
    assert.equal(cleared.removed, 1);
    assert.equal((await store.cache.stats()).entries, 0);
    assert.deepEqual(readdirSync(store.paths.cache), []);
  });

  it('rejects keys that are not cacheKey() output instead of touching other paths', async () => {
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    await assert.rejects(store.cache.put('../../etc/passwd', reply('x')), /Invalid cache key/);
  });

  it('cache files hold no credentials', async () => {
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const k = cacheKey({ provider: 'openai', endpoint: 'https://h/v1?key=sk-live-123', model: 'm', config: { apiKey: 'sk-live-123' }, messages: [], output: { format: 'text' } });
    await store.cache.put(k, reply('ok'));
    for (const f of allFiles(t.dir)) assert.ok(!readFileSync(f, 'utf8').includes('sk-live-123'), f);
  });
});

describe('response cache folder removed by hand', () => {
  it('recreates its folders on the next put', async () => {
    const t = tempDir();
    try {
      const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
      await store.cache.put(key(1), reply('one'));
      rmSync(store.paths.cache, { recursive: true, force: true });
      await store.cache.put(key(1), reply('again'));
      assert.equal((await store.cache.get(key(1)))?.text, 'again');
    } finally {
      await stores.closeAll();
      t.cleanup();
    }
  });
});

describe('response cache under concurrent puts', () => {
  it('stays under its cap when many puts race past it', async function () {
    this.timeout(30_000);
    const t = tempDir();
    try {
      const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock(), maxBytes: 20_000 });
      await Promise.all(Array.from({ length: 200 }, (_, n) => store.cache.put(key(n), reply('x'.repeat(100)))));
      const stats = await store.cache.stats();
      assert.ok(stats.bytes <= 20_000, `${stats.bytes} bytes`);
      assert.ok(stats.entries > 50, `${stats.entries} entries`);
    } finally {
      await stores.closeAll();
      t.cleanup();
    }
  });
});
