// The CLI's V8 code cache for its engine bundle: used when valid, keyed on the bundle's content, ignored when
// damaged or in a folder others can write, and pruned of caches for earlier bundles.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCacheDir, loadWithCodeCache } from '../../../src/cli/codeCache';

// Big enough that V8 has functions to cache, and one that reads __dirname and require like the real bundle.
function bundleSource(answer: string): string {
  const fns = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i}; }`).join('\n');
  return `${fns}\nconst path = require('node:path');\nexports.answer = () => '${answer}' + f3(1);\nexports.dir = path.basename(__dirname);\n`;
}

describe('cli code cache', () => {
  let root: string;
  let cacheDir: string;
  let file: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'po-codecache-'));
    cacheDir = join(root, 'cache');
    mkdirSync(join(root, 'dist'));
    file = join(root, 'dist', 'engine.js');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const answer = (exports: unknown): string => (exports as { answer: () => string }).answer();

  it('compiles from source the first time, then loads from the cache it saved', () => {
    writeFileSync(file, bundleSource('first'));
    const cold = loadWithCodeCache(file, cacheDir, 'test');
    assert.equal(cold.fromCache, false);
    assert.equal(answer(cold.exports), 'first6');
    assert.equal((cold.exports as { dir: string }).dir, 'dist');
    cold.save();
    const files = readdirSync(cacheDir);
    assert.equal(files.length, 1);
    assert.match(files[0], /-test\.bin$/);

    const warm = loadWithCodeCache(file, cacheDir, 'test');
    assert.equal(warm.fromCache, true);
    assert.equal(answer(warm.exports), 'first6');
  });

  it('reads a bundle with non-ASCII text as UTF-8, from source and from the cache', () => {
    // An all-ASCII bundle is read as Latin-1 (a one-byte string); any other byte must not be read that way.
    writeFileSync(file, `${bundleSource('x')}exports.text = () => 'café — 東京';\n`, 'utf8');
    const cold = loadWithCodeCache(file, cacheDir, 'test');
    assert.equal((cold.exports as { text: () => string }).text(), 'café — 東京');
    cold.save();
    const warm = loadWithCodeCache(file, cacheDir, 'test');
    assert.equal(warm.fromCache, true);
    assert.equal((warm.exports as { text: () => string }).text(), 'café — 東京');
  });

  it('never runs a cache made for other content, even of the same length', () => {
    writeFileSync(file, bundleSource('aaaaa'));
    loadWithCodeCache(file, cacheDir, 'test').save();
    writeFileSync(file, bundleSource('bbbbb'));
    const next = loadWithCodeCache(file, cacheDir, 'test');
    assert.equal(next.fromCache, false);
    assert.equal(answer(next.exports), 'bbbbb6');
    next.save();
    assert.equal(readdirSync(cacheDir).length, 2, 'each bundle has its own cache');
  });

  it('two bundles used in turn keep both caches; the cache of a bundle three versions back is removed', () => {
    const keys = (): Set<string> => new Set(readdirSync(cacheDir).map((n) => n.slice(0, n.indexOf('-'))));
    const keyOf = new Map<string, string>();
    let clock = Date.now() / 1000 - 100;
    const load = (v: string): boolean => {
      writeFileSync(file, bundleSource(v));
      const before = existsSync(cacheDir) ? keys() : new Set<string>();
      const l = loadWithCodeCache(file, cacheDir, 'test');
      assert.equal(answer(l.exports), `${v}6`);
      l.save();
      for (const k of keys()) {
        if (before.has(k)) continue;
        keyOf.set(v, k);
        // Distinct write times, so which bundle is oldest does not depend on the file system's time resolution.
        for (const n of readdirSync(cacheDir)) if (n.startsWith(k)) utimesSync(join(cacheDir, n), clock, (clock += 1));
      }
      return l.fromCache;
    };
    assert.deepEqual([load('v1'), load('v2'), load('v1'), load('v2'), load('v1')], [false, false, true, true, true], 'neither deletes the other');
    load('v3');
    assert.deepEqual(keys(), new Set(['v1', 'v2', 'v3'].map((v) => keyOf.get(v))));
    load('v4');
    assert.deepEqual(keys(), new Set(['v2', 'v3', 'v4'].map((v) => keyOf.get(v))), 'v1, written first, is the one removed');
  });

  it('keeps one cache per command', () => {
    writeFileSync(file, bundleSource('x'));
    loadWithCodeCache(file, cacheDir, 'test').save();
    loadWithCodeCache(file, cacheDir, 'render').save();
    assert.deepEqual(readdirSync(cacheDir).map((n) => n.replace(/^[0-9a-f]+-/, '')).sort(), ['render.bin', 'test.bin']);
  });

  it('ignores a damaged cache and replaces it', function () {
    this.timeout(30_000);
    // Each load runs in its own process: within one, V8's own compilation cache answers before the file is read.
    const loader = join(root, 'load.ts');
    writeFileSync(loader, `import { loadWithCodeCache } from ${JSON.stringify(join(__dirname, '../../../src/cli/codeCache'))};\nconst l = loadWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}, 'test');\nconsole.log(JSON.stringify({ fromCache: l.fromCache, answer: (l.exports as { answer: () => string }).answer() }));\nl.save();\n`);
    const load = (): { fromCache: boolean; answer: string } => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', loader], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { fromCache: boolean; answer: string };
    };
    writeFileSync(file, bundleSource('ok'));
    assert.deepEqual(load(), { fromCache: false, answer: 'ok6' });
    assert.deepEqual(load(), { fromCache: true, answer: 'ok6' });
    const [name] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, name), 'not a code cache at all');
    assert.deepEqual(load(), { fromCache: false, answer: 'ok6' }, 'the damaged cache is not used');
    assert.deepEqual(load(), { fromCache: true, answer: 'ok6' }, 'and was replaced by a good one');
  });

  it('does not read or write a cache folder that others can write', function () {
    if (process.platform === 'win32') this.skip();
    writeFileSync(file, bundleSource('ok'));
    loadWithCodeCache(file, cacheDir, 'test').save();
    chmodSync(cacheDir, 0o777);
    const loaded = loadWithCodeCache(file, cacheDir, 'test');
    assert.equal(loaded.fromCache, false);
    assert.equal(answer(loaded.exports), 'ok6');
    chmodSync(cacheDir, 0o700);
  });

  it('a save into a folder it cannot create is silent', () => {
    writeFileSync(file, bundleSource('ok'));
    writeFileSync(join(root, 'blocker'), '');
    const loaded = loadWithCodeCache(file, join(root, 'blocker', 'cache'), 'test');
    assert.doesNotThrow(() => loaded.save());
    assert.equal(existsSync(join(root, 'blocker', 'cache')), false);
  });

  it('puts the cache under the user cache folder, or nowhere when turned off', () => {
    if (process.platform !== 'win32') assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/home/u/.xdg' }), join('/home/u/.xdg', 'promptops', 'code-cache'));
    assert.equal(defaultCacheDir({ PROMPTOPS_NO_CODE_CACHE: '1', XDG_CACHE_HOME: '/x' }), undefined);
  });
});
