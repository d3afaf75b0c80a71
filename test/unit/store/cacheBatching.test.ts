import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { SegmentAppender } from '../../../src/core/store/cacheAppend';
import { cacheKey } from '../../../src/core/store/key';
import type { CachedResponse } from '../../../src/core/store/types';
import { manualClock, recordingLogger, storeTracker, tempDir } from './fixtures';

const useLine = /^[0-9a-f]{8} \{"k":"[0-9a-f]{64}","u":\d+(,"ks":"[0-9a-f]*")?\}\t$/;

/** The use lines of every cache segment in `dir`. */
function useLines(dir: string): string[] {
  const cache = join(dir, 'cache');
  return readdirSync(cache).filter((n) => n.endsWith('.log')).flatMap((n) => readFileSync(join(cache, n), 'utf8').split('\n').filter((l) => useLine.test(l)));
}

const stores = storeTracker();
const reply = (text: string): CachedResponse => ({ text, finishReason: 'stop', latencyMs: 40, model: 'm' });
const key = (n: number): string => cacheKey({ provider: 'echo', endpoint: 'x', model: 'm', config: { n }, messages: [], output: { format: 'text' } });
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const millisecond = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

/** Counts the appends every cache instance makes while the test runs. */
function countAppends(): { readonly count: number; restore(): void } {
  const proto = SegmentAppender.prototype;
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'append') as PropertyDescriptor;
  const original = descriptor.value as (this: SegmentAppender, data: Buffer) => ReturnType<SegmentAppender['append']>;
  const counter = { count: 0, restore: () => Object.defineProperty(proto, 'append', descriptor) };
  Object.defineProperty(proto, 'append', {
    ...descriptor,
    value(this: SegmentAppender, data: Buffer) {
      counter.count++;
      return original.call(this, data);
    },
  });
  return counter;
}

describe('response cache write batching', () => {
  let t: ReturnType<typeof tempDir>;
  let appends: ReturnType<typeof countAppends>;
  beforeEach(() => {
    t = tempDir();
    appends = countAppends();
  });
  afterEach(async () => {
    appends.restore();
    await stores.closeAll();
    t.cleanup();
  });

  it('a stream of puts (one every millisecond or so, as a cold run makes them) is written in a few appends, and every put is kept', async () => {
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const puts: Promise<void>[] = [];
    const started = performance.now();
    for (let n = 0; n < 60; n++) {
      puts.push(store.cache.put(key(n), reply(`r${n}`)));
      await millisecond();
    }
    await Promise.all(puts);
    // One append per 25 ms of the stream, plus the first (written at once) and the last (the remainder).
    const allowed = Math.ceil((performance.now() - started) / 25) + 2;
    assert.ok(appends.count <= allowed, `${appends.count} appends for 60 puts in ${Math.round(performance.now() - started)} ms`);
    const other = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    for (let n = 0; n < 60; n++) assert.equal((await other.cache.get(key(n)))?.text, `r${n}`, `put ${n} is on disk`);
  });

  it('puts awaited one by one each resolve once on disk, where another store finds them', async () => {
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const other = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    for (let n = 0; n < 5; n++) {
      await store.cache.put(key(n), reply(`r${n}`));
      assert.equal((await other.cache.get(key(n)))?.text, `r${n}`, 'seen by another store as soon as the put resolved');
    }
    assert.equal(appends.count, 5);
  });

  it('close writes a batch that is waiting out the burst interval', async () => {
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const puts = [store.cache.put(key(1), reply('first'))];
    await tick();
    puts.push(store.cache.put(key(2), reply('second')));
    await store.close();
    await Promise.all(puts);
    const other = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    assert.equal((await other.cache.get(key(2)))?.text, 'second');
  });

  it('the hits of a batch are one use line, and another store evicts by them (least recently used first)', async () => {
    const clock = manualClock();
    const probe = await stores.open({ dir: join(t.dir, 'probe'), logger: recordingLogger(), clock });
    await probe.cache.put(key(0), reply('x'.repeat(100)));
    const size = (await probe.cache.stats()).bytes;
    await probe.close();
    const a = await stores.open({ dir: t.dir, logger: recordingLogger(), clock });
    await Promise.all(Array.from({ length: 10 }, (_, n) => a.cache.put(key(n), reply('x'.repeat(100)))));
    await a.close();
    clock.advance(5_000);
    const b = await stores.open({ dir: t.dir, logger: recordingLogger(), clock });
    // A warm run: every even key is a hit, all in one turn of the event loop.
    const hits = await Promise.all([0, 2, 4, 6, 8].map((n) => b.cache.get(key(n))));
    assert.ok(hits.every((h) => h !== undefined));
    await b.close();
    const lines = useLines(t.dir);
    assert.equal(lines.length, 1, `use lines: ${lines.length}`);
    clock.advance(5_000);
    const c = await stores.open({ dir: t.dir, logger: recordingLogger(), clock, maxBytes: Math.floor(size * 7.5) });
    await c.cache.put(key(10), reply('x'.repeat(100)));
    for (const n of [0, 2, 4, 6, 8, 10]) assert.ok(await c.cache.get(key(n)), `entry ${n} used recently, kept`);
    // 11 entries over a cap of 7.5 are evicted down to 90% of it: the five not used since they were stored go.
    for (const n of [1, 3, 5, 7, 9]) assert.equal(await c.cache.get(key(n)), undefined, `entry ${n} unused, evicted`);
  });

  it('a use line torn by a crash is skipped with a warning; the entries stay and are served', async () => {
    const clock = manualClock();
    const a = await stores.open({ dir: t.dir, logger: recordingLogger(), clock });
    await Promise.all(Array.from({ length: 5 }, (_, n) => a.cache.put(key(n), reply(`r${n}`))));
    clock.advance(5_000);
    await Promise.all(Array.from({ length: 5 }, (_, n) => a.cache.get(key(n))));
    await a.close();
    const cache = join(t.dir, 'cache');
    const [file] = readdirSync(cache).filter((n) => n.endsWith('.log'));
    const text = readFileSync(join(cache, file), 'utf8');
    const at = text.lastIndexOf('"ks":"');
    assert.ok(at > 0, 'the hits were written as one line');
    truncateSync(join(cache, file), Buffer.byteLength(text.slice(0, at + 20)));
    const logger = recordingLogger();
    const b = await stores.open({ dir: t.dir, logger, clock });
    for (let n = 0; n < 5; n++) assert.equal((await b.cache.get(key(n)))?.text, `r${n}`);
    assert.match(logger.warnings.join('\n'), /incomplete last line/);
  });
});
