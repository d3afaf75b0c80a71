// Entry point of the `promptops` command.
import { version } from '../../package.json';

function main(argv: readonly string[]): number {
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  process.stderr.write('promptops: no command given. Try `promptops --help`.\n');
  return 2;
}

process.exitCode = main(process.argv.slice(2));
