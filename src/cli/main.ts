// Entry point of the `promptops` command: answers `--version` at once, then hands the process to the engine
// bundle (dist/cliEngine.js), which is only parsed when a command needs it.
import { setFlagsFromString } from 'node:v8';
import { version } from '../../package.json';
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
  // A V8 setting, chosen after lowering what a run retains did not lower its peak: a long run's live heap stays
  // under 50 MB, but by default V8 lets the heap grow to several times that between full collections (10,000 cases
  // peaked at 190-220 MB RSS). Sizing the heap growth for memory keeps the peak near the live size (about 120 MB)
  // for a few percent of CPU. It is a soft preference, not a limit: a run that needs more still gets it.
  setFlagsFromString('--optimize-for-size');
  // Bundled, the engine is the sibling file; run from source (tsx), it is ./cli.
  const enginePath = __filename.endsWith('.ts') ? './cli' : './cliEngine.js';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require(enginePath) as { main: Main };
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
    process.exitCode = interrupted ? 130 : code;
  });
}
