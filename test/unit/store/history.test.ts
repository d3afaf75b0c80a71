import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeLine } from '../../../src/core/store/segmentLine';
import type { RunRecord } from '../../../src/core/store/types';
import { manualClock, record, recordingLogger, storeTracker, tempDir } from './fixtures';

/** Every store a test opens is closed after it. */
const stores = storeTracker();

const WRITER = join(__dirname, 'writer.ts');

function runWriter(dir: string, tag: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', WRITER, dir, tag, String(count)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${tag} exited ${code}: ${err}`))));
  });
}

function segments(dir: string): string[] {
  return readdirSync(join(dir, 'history')).map((n) => join(dir, 'history', n));
}

describe('run history', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(async () => {
    await stores.closeAll();
    t.cleanup();
  });

  it('appends records that a fresh store reads back intact', async () => {
    const a = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const recs = [record(), record({ pass: false, error: { kind: 'timeout', message: 'took too long' } })];
    await a.append(recs);
    await a.close();
    const b = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const got = [...(await b.recordsOf('prompts/greet.prompt'))].sort((x, y) => x.time - y.time);
    assert.deepEqual(got, recs);
  });

  it('sees what another store appends, on the next query', async () => {
    const reader = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const writer = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    await writer.append(record({ id: 'x1' }));
    assert.deepEqual((await reader.recordsOf('prompts/greet.prompt')).map((r) => r.id), ['x1']);
    await writer.append(record({ id: 'x2' }));
    assert.deepEqual((await reader.recordsOf('prompts/greet.prompt')).map((r) => r.id), ['x1', 'x2']);
    assert.equal((await reader.stats()).history.records, 2);
    await writer.close();
  });

  it('notifies in-process listeners after an append, until unsubscribed', async () => {
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const seen: string[] = [];
    const off = store.onDidAppend((rs) => seen.push(...rs.map((r) => r.id)));
    await store.append([record({ id: 'n1' }), record({ id: 'n2' })]);
    off();
    await store.append(record({ id: 'n3' }));
    assert.deepEqual(seen, ['n1', 'n2']);
    await store.close();
  });

  it('skips a line cut mid-write and garbage after it, with a warning, keeping every other record', async () => {
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const recs = Array.from({ length: 10 }, (_, i) => record({ id: `r${i}` }));
    await store.append(recs);
    await store.close();
    const [seg] = segments(t.dir);
    const text = readFileSync(seg, 'utf8');
    const cut = text.indexOf('\n', text.indexOf('"r4"')) - 20;
    truncateSync(seg, Buffer.byteLength(text.slice(0, cut)));
    appendFileSync(seg, 'garbage that is not a record\n\u0000\u0000\u0000\n');
    appendFileSync(seg, encodeLine(record({ id: 'after' })));
    appendFileSync(seg, `00000000 ${JSON.stringify(record({ id: 'bad-sum' }))}\n`);
    appendFileSync(seg, encodeLine({ hello: 'not a record' } as unknown as RunRecord));

    const logger = recordingLogger();
    const reader = await stores.open({ dir: t.dir, logger, clock: manualClock() });
    const ids = (await reader.recordsOf('prompts/greet.prompt')).map((r) => r.id);
    assert.deepEqual(ids, ['r0', 'r1', 'r2', 'r3', 'after']);
    assert.equal((await reader.stats()).history.damagedLines, 4);
    assert.match(logger.warnings.join('\n'), /skipped 4 damaged line\(s\), first at line 5; the other records are intact/);
  });

  it('ignores an incomplete last line, and a whole file of garbage, without failing', async () => {
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    await store.append([record({ id: 'ok1' }), record({ id: 'ok2' })]);
    await store.close();
    const [seg] = segments(t.dir);
    truncateSync(seg, readFileSync(seg).length - 30);
    writeFileSync(join(t.dir, 'history', 'seg-zz-1-deadbeef.jsonl'), Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0x41, 0x0a]));
    const logger = recordingLogger();
    const reader = await stores.open({ dir: t.dir, logger, clock: manualClock() });
    assert.deepEqual((await reader.recordsOf('prompts/greet.prompt')).map((r) => r.id), ['ok1']);
    assert.match(logger.warnings.join('\n'), /ignoring an incomplete last line/);
    assert.match(logger.warnings.join('\n'), /seg-zz-1-deadbeef\.jsonl: skipped 2 damaged line/);
  });

  it('writes to a fresh segment once its folder was deleted while open (reset by hand), losing no later record', async () => {
    const logger = recordingLogger();
    const store = await stores.open({ dir: t.dir, logger, clock: manualClock() });
    await store.append(record({ id: 'd1' }));
    rmSync(t.dir, { recursive: true, force: true });
    await store.append([record({ id: 'd2' }), record({ id: 'd3' })]);
    await store.append(record({ id: 'd4' }));
    assert.deepEqual((await store.recordsOf('prompts/greet.prompt')).map((r) => r.id).sort(), ['d2', 'd3', 'd4'], 'the writer itself reads what is on disk now');
    assert.equal(store.resets, 1);
    const fresh = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    assert.deepEqual((await fresh.recordsOf('prompts/greet.prompt')).map((r) => r.id).sort(), ['d2', 'd3', 'd4']);
    assert.equal(segments(t.dir).filter((n) => n.endsWith('.jsonl')).length, 1, 'one new segment, with its summary index');
    assert.match(readFileSync(join(t.dir, '.gitignore'), 'utf8'), /^\*$/m, 'the recreated folder is git-ignored again');
    assert.deepEqual(logger.warnings, []);
  });

  it('opening and reading a store creates nothing; the first write creates the folder with its .gitignore', async () => {
    const dir = join(t.dir, 'ws', '.promptops');
    const store = await stores.open({ dir, logger: recordingLogger(), clock: manualClock() });
    assert.deepEqual(await store.recordsOf('prompts/greet.prompt'), []);
    assert.equal(await store.cache.get('a'.repeat(64)), undefined);
    assert.equal(await store.getSnapshot('b'.repeat(64)), undefined);
    await store.stats();
    assert.equal(existsSync(join(t.dir, 'ws')), false, 'a panel opened on a workspace that never ran leaves no folder');
    await store.putSnapshot('text');
    assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^\*$/m);
    assert.deepEqual(readdirSync(dir).sort(), ['.gitignore', 'snapshots']);
  });

  it('reloads everything when a segment shrinks', async () => {
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    await store.append([record({ id: 's1' }), record({ id: 's2' })]);
    await store.close();
    const logger = recordingLogger();
    const reader = await stores.open({ dir: t.dir, logger, clock: manualClock() });
    assert.equal((await reader.recordsOf('prompts/greet.prompt')).length, 2);
    const [seg] = segments(t.dir);
    writeFileSync(seg, encodeLine(record({ id: 's1' })));
    assert.deepEqual((await reader.recordsOf('prompts/greet.prompt')).map((r) => r.id), ['s1']);
    assert.match(logger.warnings.join('\n'), /shrank; reloading the whole history/);
  });

  it('two writer processes appending at once lose nothing', async function () {
    this.timeout(60_000);
    await Promise.all([runWriter(t.dir, 'A', 300), runWriter(t.dir, 'B', 300)]);
    const logger = recordingLogger();
    const store = await stores.open({ dir: t.dir, logger, clock: manualClock() });
    const ids = new Set((await store.recordsOf('prompts/greet.prompt')).map((r) => r.id));
    assert.equal(ids.size, 600);
    for (const tag of ['A', 'B']) for (let i = 0; i < 300; i++) assert.ok(ids.has(`${tag}-${i}`), `${tag}-${i}`);
    assert.deepEqual(logger.warnings, []);
  });

  it('a writer killed mid-write leaves every completed record readable', async function () {
    this.timeout(60_000);
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', WRITER, t.dir, 'K', '0', 'forever'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => {
      let seen = '';
      child.stdout.on('data', (d: Buffer) => {
        seen += d.toString();
        if (seen.split('\n').length > 8) resolve();
      });
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const store = await stores.open({ dir: t.dir, logger: recordingLogger(), clock: manualClock() });
    const recs = await store.recordsOf('prompts/greet.prompt');
    assert.ok(recs.length >= 200, `read ${recs.length}`);
    const ids = new Set(recs.map((r) => r.id));
    for (let i = 0; i < recs.length; i++) assert.ok(ids.has(`K-${i}`), `K-${i} is missing although later records exist`);
    for (const r of recs) assert.equal(r.output.startsWith('K '), true);
  });
});
