// The response cache with several live writers on one folder (the editor and the CLI): a put is served to the other
// as soon as it is written, and the size cap holds although the entries to evict sit in another live writer's file.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { cacheKey } from '../../../src/core/store/key';
import type { OutcomeStore } from '../../../src/core/store/store';
import type { CachedResponse } from '../../../src/core/store/types';
import { systemClock } from '../../../src/core/io';
import { type RecordingLogger, recordingLogger, storeTracker, tempDir } from './fixtures';

const CHILD = join(__dirname, 'cacheChild.ts');
const CAP = 40_000;
const key = (n: number): string => cacheKey({ provider: 'echo', endpoint: 'x', model: 'm', config: { n }, messages: [], output: { format: 'text' } });
const reply = (text: string): CachedResponse => ({ text, finishReason: 'stop', latencyMs: 40, model: 'm' });

/** A child process with its own store on the folder, driven line by line. */
const children = new Set<ChildProcessWithoutNullStreams>();

class Child {
  private readonly proc: ChildProcessWithoutNullStreams;
  private buffered = '';
  private readonly waiting: { prefix: string; resolve: (line: string) => void }[] = [];
  private readonly lines: string[] = [];
  errors = '';

  constructor(dir: string) {
    this.proc = spawn(process.execPath, ['-r', 'tsx/cjs', CHILD, dir, String(CAP)]);
    children.add(this.proc);
    this.proc.on('exit', () => children.delete(this.proc));
    this.proc.stderr.on('data', (d: Buffer) => (this.errors += d.toString()));
    this.proc.stdout.on('data', (d: Buffer) => {
      this.buffered += d.toString();
      for (let nl = this.buffered.indexOf('\n'); nl >= 0; nl = this.buffered.indexOf('\n')) {
        this.lines.push(this.buffered.slice(0, nl));
        this.buffered = this.buffered.slice(nl + 1);
      }
      this.deliver();
    });
  }

  /** Sends a command and waits for the line it answers with. */
  ask(command: string, answer: string): Promise<string> {
    if (command) this.proc.stdin.write(`${command}\n`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${answer}" from the child after "${command}"; it said ${JSON.stringify(this.lines)}; stderr: ${this.errors}`)), 20_000);
      this.waiting.push({ prefix: answer, resolve: (line) => {
        clearTimeout(timer);
        resolve(line);
      } });
      this.deliver();
    });
  }

  async exit(): Promise<void> {
    this.proc.stdin.end('exit\n');
    const code = await new Promise((resolve) => this.proc.on('exit', resolve));
    assert.equal(code, 0, this.errors);
  }

  private deliver(): void {
    for (const w of [...this.waiting]) {
      const i = this.lines.findIndex((l) => l.startsWith(w.prefix));
      if (i < 0) continue;
      const [line] = this.lines.splice(i, 1);
      this.waiting.splice(this.waiting.indexOf(w), 1);
      w.resolve(line);
    }
  }
}

describe('response cache with several live writers', function () {
  this.timeout(60_000);
  let t: ReturnType<typeof tempDir>;
  const stores = storeTracker();
  beforeEach(() => (t = tempDir()));
  afterEach(async () => {
    for (const c of children) c.kill(); // a failed test's child
    await stores.closeAll();
    t.cleanup();
  });

  async function open(logger: RecordingLogger = recordingLogger(), maxBytes = CAP): Promise<OutcomeStore> {
    return stores.open({ dir: t.dir, logger, clock: systemClock, maxBytes });
  }
  const cacheFiles = (): string[] => readdirSync(join(t.dir, 'cache')).filter((n) => n.endsWith('.log')).map((n) => join(t.dir, 'cache', n));
  const diskBytes = (): number => cacheFiles().reduce((sum, f) => sum + statSync(f).size, 0);
  /** Makes every cache file look untouched for a minute (an idle writer). */
  const age = (): void => {
    const then = new Date(Date.now() - 60_000);
    for (const f of cacheFiles()) utimesSync(f, then, then);
  };

  it('serves a put to another store on the folder as soon as the put resolves, miss or not before it', async () => {
    const cli = await open();
    const editor = await open();
    for (let n = 0; n < 30; n++) {
      // Asked before the put (a miss that reads the folder), then right after it: no waiting, no retry.
      assert.equal(await editor.cache.get(key(n)), undefined);
      await cli.cache.put(key(n), reply(`r${n}`));
      assert.equal((await editor.cache.get(key(n)))?.text, `r${n}`, `put ${n} not seen`);
    }
    // Puts racing the other store's lookups of the same keys: each lookup that starts after its put resolved hits.
    const racing = Array.from({ length: 40 }, (_, i) => 100 + i);
    await Promise.all(racing.map(async (n) => {
      void editor.cache.get(key(n)); // a refresh in flight when the put lands
      await cli.cache.put(key(n), reply(`r${n}`));
      assert.equal((await editor.cache.get(key(n)))?.text, `r${n}`, `racing put ${n} not seen`);
    }));
  });

  it('serves a put made by another process as soon as that process has it written', async () => {
    const editor = await open();
    const cli = new Child(t.dir);
    await cli.ask('', 'ready');
    for (let n = 0; n < 10; n++) {
      assert.equal(await editor.cache.get(key(n)), undefined);
      await cli.ask(`put ${key(n)} 100`, `put ${key(n)}`);
      assert.equal((await editor.cache.get(key(n)))?.text.startsWith('child:'), true, `put ${n} not seen`);
    }
    // And the other way round.
    await editor.cache.put(key(99), reply('from the editor'));
    assert.equal(await cli.ask(`get ${key(99)}`, `hit ${key(99)}`), `hit ${key(99)}`);
    await cli.exit();
  });

  it('holds the cap when the entries to evict are in an idle writer’s file, and that writer loses nothing', async () => {
    const editor = await open();
    for (let n = 0; n < 30; n++) await editor.cache.put(key(n), reply('e'.repeat(1000)));
    age(); // the editor goes idle, its store still open
    const logger = recordingLogger();
    const cli = await open(logger);
    for (let n = 100; n < 130; n++) await cli.cache.put(key(n), reply('c'.repeat(1000)));
    assert.ok(diskBytes() <= CAP, `${diskBytes()} bytes on disk, cap ${CAP}`);
    // The oldest entries went, the newest stay, for both stores.
    assert.equal(await cli.cache.get(key(0)), undefined);
    assert.ok((await cli.cache.get(key(129))) !== undefined);
    assert.ok((await editor.cache.get(key(129))) !== undefined);
    assert.ok((await editor.cache.get(key(29))) === undefined || (await cli.cache.get(key(29))) !== undefined);
    // The idle writer wakes up: its next put goes to a fresh file and is seen by everyone.
    await editor.cache.put(key(500), reply('after the takeover'));
    const fresh = await open();
    assert.equal((await fresh.cache.get(key(500)))?.text, 'after the takeover');
    assert.equal((await fresh.cache.get(key(129)))?.text, 'c'.repeat(1000));
    assert.deepEqual(logger.warnings, []);
  });

  it('holds the cap across processes: an idle child process’s entries are evicted, and its next put kept', async () => {
    const child = new Child(t.dir);
    await child.ask('', 'ready');
    for (let n = 0; n < 30; n++) await child.ask(`put ${key(n)} 1000`, `put ${key(n)}`);
    age();
    const cli = await open();
    for (let n = 100; n < 130; n++) await cli.cache.put(key(n), reply('c'.repeat(1000)));
    assert.ok(diskBytes() <= CAP, `${diskBytes()} bytes on disk, cap ${CAP}`);
    await child.ask(`put ${key(500)} 10`, `put ${key(500)}`);
    assert.equal(await child.ask(`get ${key(129)}`, 'hit'), `hit ${key(129)}`);
    await child.exit();
    const fresh = await open();
    assert.ok((await fresh.cache.get(key(500)))?.text.startsWith('child:'));
    assert.ok((await fresh.cache.get(key(129))) !== undefined);
    assert.equal(await fresh.cache.get(key(0)), undefined);
  });

  it('a busy writer is left alone (its file is not taken over) and evicts its own share at its next write', async () => {
    const a = await open();
    const b = await open();
    for (let n = 0; n < 30; n++) await a.cache.put(key(n), reply('a'.repeat(1000)));
    const aFiles = cacheFiles();
    for (let n = 100; n < 130; n++) await b.cache.put(key(n), reply('b'.repeat(1000)));
    // a wrote just now: its file is still there (not renamed), so b could only shrink its own.
    for (const f of aFiles) assert.ok(cacheFiles().includes(f), `${f} was taken over while its writer was busy`);
    await a.cache.put(key(200), reply('a'.repeat(1000)));
    assert.ok(diskBytes() <= CAP * 1.1, `${diskBytes()} bytes on disk, cap ${CAP}`);
    assert.ok((await b.cache.get(key(200))) !== undefined);
  });
});
