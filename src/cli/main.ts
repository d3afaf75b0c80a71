// Entry point of the `promptops` command: answers `--version` at once, then hands the process to the engine
// bundle (dist/cliEngine.js), which is only parsed when a command needs it.
import { join } from 'node:path';
import { version } from '../../package.json';
import { defaultCacheDir, loadWithCodeCache } from './codeCache';
import type { CliIo } from './io';

type Main = (argv: readonly string[], io: CliIo, version: string) => Promise<number>;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${version}\n`);
} else {
  const controller = new AbortController();
  let interrupted = false;
  process.on('SIGINT', () => {
    // First Ctrl-C cancels the run cleanly (in-flight requests abort, a summary prints); a second one quits.
    if (interrupted) process.exit(130);
    interrupted = true;
    controller.abort(new Error('interrupted'));
  });
  // `promptops test` sets V8's `--optimize-for-size` itself for large runs (see commands/test.ts).
  const { main, save } = loadEngine();
  void main(
    argv,
    {
      cwd: process.cwd(),
      env: process.env,
      stdout: { write: (t) => void process.stdout.write(t), isTTY: process.stdout.isTTY === true, columns: process.stdout.columns },
      stderr: { write: (t) => void process.stderr.write(t), isTTY: process.stderr.isTTY === true },
      signal: controller.signal,
    },
    version,
  ).then((code) => {
    save();
    process.exitCode = interrupted ? 130 : code;
  });
}

/* eslint-disable @typescript-eslint/no-require-imports */
/** The engine's `main`, from compiled code cached by the last start when possible; `save` refreshes that cache. */
function loadEngine(): { main: Main; save: () => void } {
  // Run from source (tsx), the engine is ./cli; bundled, it is the sibling file.
  // A path in a variable, so esbuild leaves the engine out of this launcher bundle.
  const sourceEngine = './cli';
  if (__filename.endsWith('.ts')) return { main: (require(sourceEngine) as { main: Main }).main, save: () => undefined };
  const file = join(__dirname, 'cliEngine.js');
  const nodeModule = require('node:module') as { enableCompileCache?: () => unknown };
  if (typeof nodeModule.enableCompileCache === 'function') {
    nodeModule.enableCompileCache();
    return { main: (require(file) as { main: Main }).main, save: () => undefined };
  }
  const dir = defaultCacheDir();
  if (dir !== undefined) {
    try {
      const loaded = loadWithCodeCache(file, dir, argv[0]?.startsWith('-') === false ? argv[0] : 'default');
      return { main: (loaded.exports as { main: Main }).main, save: () => loaded.save() };
    } catch {
      // Fall through to a plain require: the cache is only ever a speed-up.
    }
  }
  return { main: (require(file) as { main: Main }).main, save: () => undefined };
}
/* eslint-enable @typescript-eslint/no-require-imports */
