// Entry point of the `promptops` command: wires the real process into `main`.
import { version } from '../../package.json';
import { main } from './cli';

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  // First Ctrl-C cancels the run cleanly (in-flight requests abort, a summary prints); a second one quits.
  if (interrupted) process.exit(130);
  interrupted = true;
  controller.abort(new Error('interrupted'));
});

void main(
  process.argv.slice(2),
  {
    cwd: process.cwd(),
    env: process.env,
    stdout: { write: (t) => void process.stdout.write(t), isTTY: process.stdout.isTTY === true, columns: process.stdout.columns },
    stderr: { write: (t) => void process.stderr.write(t), isTTY: process.stderr.isTTY === true },
    signal: controller.signal,
  },
  version,
).then((code) => {
  process.exitCode = interrupted && code === 0 ? 130 : code;
});
