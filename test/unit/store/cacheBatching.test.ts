import * as assert from 'node:assert/strict';
import { SegmentAppender } from '../../../src/core/store/cacheAppend';
import { cacheKey } from '../../../src/core/store/key';
import type { CachedResponse } from '../../../src/core/store/types';
import { manualClock, recordingLogger, storeTracker, tempDir } from './fixtures';

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
});
