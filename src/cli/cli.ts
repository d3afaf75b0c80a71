// Dispatches a command line to its command. Commands are loaded on demand so `--version` and `--help`
// stay cheap: nothing of the engine is evaluated until a command needs it.
import { UsageError } from './args';
import { commandNames, helpText, type CommandName } from './help';
import { CliError, EXIT_OK, EXIT_USAGE, type CliIo } from './io';

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

// `require` rather than `import()`: esbuild turns both into lazy module initialisers in the bundle, but only
// `require` also resolves TypeScript sources when the CLI runs unbundled under tsx (the in-process tests).
/* eslint-disable @typescript-eslint/no-require-imports */
function load(name: CommandName): Command {
  switch (name) {
    case 'test':
      return (require('./commands/test') as typeof import('./commands/test')).testCommand;
    case 'run':
      return (require('./commands/run') as typeof import('./commands/run')).runCommand;
    case 'render':
      return (require('./commands/render') as typeof import('./commands/render')).renderCommand;
    case 'lint':
      return (require('./commands/lint') as typeof import('./commands/lint')).lintCommand;
    case 'cache':
      return (require('./commands/cache') as typeof import('./commands/cache')).cacheCommand;
    case 'history':
      return (require('./commands/history') as typeof import('./commands/history')).historyCommand;
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Runs one command line and resolves with the exit code; never throws. */
export async function main(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = rest[0];
    if (first === 'help' && topic !== undefined && isCommand(topic)) io.stdout.write(helpText(topic));
    else (first === undefined ? io.stderr : io.stdout).write(helpText());
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === '-v' || first === '--version') {
    io.stdout.write(`${version}\n`);
    return EXIT_OK;
  }
  if (!isCommand(first)) {
    io.stderr.write(`promptops: unknown command '${first}'. Commands: ${commandNames.join(', ')}. Try promptops --help.\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(helpText(first));
    return EXIT_OK;
  }
  try {
    const command = load(first);
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`promptops ${first}: ${e.message}\nTry promptops ${first} --help.\n`);
      return EXIT_USAGE;
    }
    if (e instanceof CliError) {
      io.stderr.write(`promptops ${first}: ${e.message}\n`);
      return e.exitCode;
    }
    // Reaching here is a bug in promptops; the stack helps a bug report and holds no secrets of the user's.
    io.stderr.write(`promptops ${first}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_USAGE;
  }
}

function isCommand(name: string): name is CommandName {
  return (commandNames as readonly string[]).includes(name);
}
