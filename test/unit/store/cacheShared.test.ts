// The response cache shared between processes and store instances: concurrent writers, a writer killed mid-write,
// torn last lines, use times seen by every process, and the one-file-per-entry folders of older versions.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../../src/core/io';
import { cacheKey } from '../../../src/core/store/key';
import type { CachedResponse } from '../../../src/core/store/types';
import { manualClock, recordingLogger, storeTracker, tempDir } from './fixtures';

/** Every store a test opens is closed after it. */
const stores = storeTracker();

const WRITER = join(__dirname, 'cacheWriter.ts');
const writerKey = (tag: string, i: number): string =>
  cacheKey({ provider: 'p', endpoint: 'e', model: 'm', config: { tag: i % 10 === 0 ? 'shared' : tag, i }, messages: [], output: { format: 'text' } });
const reply = (text: string): CachedResponse => ({ text, finishReason: 'stop', latencyMs: 40, model: 'm' });
const key = (n: number): string => cacheKey({ provider: 'echo', endpoint: 'x', model: 'm', config: { n }, messages: [], output: { format: 'text' } });

function segments(dir: string): string[] {
  return readdirSync(join(dir, 'cache')).filter((n) => n.endsWith('.log')).map((n) => join(dir, 'cache', n));
}

function runWriter(dir: string, tag: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', WRITER, dir, tag, String(count)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${tag} exited ${code}: ${err}`))));
  });
}

describe('response cache across processes', function () {
  this.timeout(60_000);
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(async () => {
    await stores.closeAll();
    t.cleanup();
  });

  it('two processes writing at once lose nothing, and each writes its own file', async () => {
    await Promise.all([runWriter(t.dir, 'A', 300), runWriter(t.dir, 'B', 300)]);
    assert.equal(segments(t.dir).length, 2);
    const logger = recordingLogger();
    const store = await stores.open({ dir: t.dir, logger, clock: manualClock(Date.now()) });
    for (const tag of ['A', 'B']) {
      for (let i = 0; i < 300; i++) {
        const got = await store.cache.get(writerKey(tag, i));
        assert.ok(got !== undefined, `${tag} ${i} missing`);
        assert.ok(got.text.startsWith(`${i % 10 === 0 ? 'shared' : tag}:${i}:`), got.text.slice(0, 40));
      }
    }
    assert.equal((await store.cache.stats()).entries, 2 * 270 + 30);
    assert.deepEqual(logger.warnings, []);
    await store.close();
  });

  it('a writer killed mid-write leaves no entry that is served corrupt', async () => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', WRITER, t.dir, 'K', '0', 'forever'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => {
      let lines = 0;
      child.stdout.on('data', (d: Buffer) => {
        lines += d.toString().split('\n').length - 1;
        if (lines >= 8) resolve();
      });
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock(Date.now()) });
    let served = 0;
    for (let i = 0; i < 100_000; i++) {
      const got = await store.cache.get(writerKey('K', i));
      if (got === undefined) break;
      assert.ok(got.text.startsWith(`${i % 10 === 0 ? 'shared' : 'K'}:${i}:`), `entry ${i} intact`);
      served++;
    }
    assert.ok(served >= 8 * 25, `${served} entries served`);
    await store.close();
  });

  it('ignores a torn last line with a warning and keeps the entries before it', async () => {
    const writer = await stores.open({ dir: t.dir, logger: silentLogger, clock: manualClock() });
    await writer.cache.put(key(1), reply('first'));
    await writer.cache.put(key(2), reply('torn'));
    await writer.close();
    const [file] = segments(t.dir);
    const text = readFileSync(file, 'utf8');
    truncateSync(file, Buffer.byteLength(text) - 20);
    const logger = recordingLogger();
    const store = await stores.open({ dir: t.dir, logger, clock: manualClock() });
    assert.equal((await store.cache.get(key(1)))?.text, 'first');
    assert.equal(await store.cache.get(key(2)), undefined);
    assert.match(logger.warnings.join('\n'), /incomplete last line/);
    // Later puts go to a new file: nothing is ever glued onto a torn line.
    await store.cache.put(key(2), reply('again'));
    await store.close();
    const reopened = await stores.open({ dir: t.dir, logger: silentLogger, clock: manualClock() });
    assert.equal((await reopened.cache.get(key(2)))?.text, 'again');
    await reopened.close();
  });

  it('uses recorded by one process decide what another evicts', async () => {
    const clock = manualClock();
    const probe = await stores.open({ dir: join(t.dir, 'probe'), logger: silentLogger, clock });
    await probe.cache.put(key(0), reply('x'.repeat(100)));
    const size = (await probe.cache.stats()).bytes;
    await probe.close();
    const a = await stores.open({ dir: t.dir, logger: silentLogger, clock });
    for (const n of [1, 2, 3]) {
      clock.advance(1000);
      await a.cache.put(key(n), reply('x'.repeat(100)));
    }
    await a.close();
    clock.advance(1000);
    const b = await stores.open({ dir: t.dir, logger: silentLogger, clock });
    assert.ok(await b.cache.get(key(1)), 'b uses 1, so 2 becomes the least recently used');
    await b.close();
    clock.advance(1000);
    const c = await stores.open({ dir: t.dir, logger: silentLogger, clock, maxBytes: Math.floor(size * 3.5) });
    await c.cache.put(key(4), reply('x'.repeat(100)));
    assert.equal(await c.cache.get(key(2)), undefined);
    for (const n of [1, 3, 4]) assert.ok(await c.cache.get(key(n)), `entry ${n} kept`);
    await c.close();
    const d = await stores.open({ dir: t.dir, logger: silentLogger, clock });
    assert.equal(await d.cache.get(key(2)), undefined, 'the eviction is on disk, not only in memory');
    assert.ok(await d.cache.get(key(1)));
    await d.close();
  });

  it('serves a put at once in its own process, before the batch is written', async () => {
    const store = await stores.open({ dir: t.dir, logger: silentLogger, clock: manualClock() });
    const written = store.cache.put(key(1), reply('queued'));
    assert.equal((await store.cache.get(key(1)))?.text, 'queued');
    await written;
    assert.equal(segments(t.dir).length, 1);
    await store.close();
  });

  it('prune removes the one-file-per-entry folders of older versions', async () => {
    mkdirSync(join(t.dir, 'cache', 'ab'), { recursive: true });
    writeFileSync(join(t.dir, 'cache', 'ab', `${'ab'.repeat(32)}.json`), '{}');
    const store = await stores.open({ dir: t.dir, logger: silentLogger, clock: manualClock() });
    await store.cache.put(key(1), reply('kept'));
    await store.cache.prune();
    assert.deepEqual(readdirSync(join(t.dir, 'cache')).filter((n) => !n.endsWith('.log')), []);
    assert.equal((await store.cache.get(key(1)))?.text, 'kept');
    await store.close();
  });

  it('clear and prune remove only files the cache wrote: a folder it was pointed at keeps everything else', async () => {
    const cache = join(t.dir, 'cache');
    const foreign = ['notes.json', 'draft.tmp', join('ab', 'readme.txt'), join('cd', 'data.bin'), 'c-notes.log'];
    const plant = (): void => {
      for (const f of foreign) {
        mkdirSync(join(cache, f, '..'), { recursive: true });
        writeFileSync(join(cache, f), 'mine');
      }
      // Old-layout entries beside the foreign file in `ab`, and a whole old folder `ef`, are the cache's own.
      writeFileSync(join(cache, 'ab', `${'ab'.repeat(32)}.json`), '{}');
      mkdirSync(join(cache, 'ef'), { recursive: true });
      writeFileSync(join(cache, 'ef', `${'ef'.repeat(32)}.json`), '{}');
      writeFileSync(join(cache, 'ef', `${'ef'.repeat(32)}.json.123.0badf00d.tmp`), '{');
    };
    const left = (): string[] => foreign.filter((f) => existsSync(join(cache, f))).sort();
    mkdirSync(cache, { recursive: true });
    plant();
    const old = Date.now() / 1000 - 3600;
    utimesSync(join(cache, 'draft.tmp'), old, old);
    const store = await stores.open({ dir: t.dir, logger: silentLogger, clock: manualClock() });
    await store.cache.put(key(1), reply('one'));
    await store.cache.prune();
    assert.deepEqual(left(), [...foreign].sort());
    assert.ok(!existsSync(join(cache, 'ab', `${'ab'.repeat(32)}.json`)) && !existsSync(join(cache, 'ef')), 'old entries go');
    plant();
    await store.cache.put(key(2), reply('two'));
    const cleared = await store.cache.clear();
    assert.equal(cleared.removed, 2);
    assert.deepEqual(left(), [...foreign].sort());
    assert.deepEqual(readdirSync(cache).filter((n) => n.endsWith('.log') && n !== 'c-notes.log'), [], 'its segments are gone');
    assert.equal(await store.cache.get(key(2)), undefined);
    await store.close();
  });
});
