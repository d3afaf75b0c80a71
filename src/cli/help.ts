// Help texts, kept apart from the commands so `--help` loads nothing heavy.

export const commandNames = ['test', 'run', 'render', 'lint', 'cache', 'history'] as const;
export type CommandName = (typeof commandNames)[number];

const general = `promptops: test, run and lint .prompt files (Dotprompt) against LLM providers.

Usage: promptops <command> [options]

Commands:
  test [paths|globs]     run the tests of prompt files (default: every *.prompt under the current folder)
  run FILE --var k=v     render a prompt and stream one model reply
  render FILE            print the rendered messages without calling a model
  lint [paths|globs]     report problems as file:line:col: severity code message
  cache stats|clear|prune
                         inspect or empty the local response cache
  history FILE           list recorded runs of a prompt

Options:
  -h, --help             help for promptops or a command
  -v, --version          print the version

Credentials come from the environment and from .env files in the current folder and its parents.
Exit codes: 0 success, 1 a test failed (or lint found errors), 2 a usage, config or provider-setup error.
`;

const perCommand: Readonly<Record<CommandName, string>> = {
  test: `Usage: promptops test [paths|globs] [options]

Runs every test of the prompt files found (partials named _*.prompt are skipped).

Options:
  -g, --grep PATTERN        only cases whose id matches (a regular expression, case-insensitive)
  -m, --model P/M           run on this model instead of the file's (repeatable; a test's own models win)
      --repeat N            run each case N times (overrides the test's repeat)
  -j, --concurrency N       requests in flight at once (default: config, else 4)
      --no-cache            always call the provider; do not read or write the response cache
      --bail                stop after the first failing case
      --allow-javascript    run javascript assertions (they execute code from the workspace)
      --allow-workspace-endpoints
                            send keys to endpoints defined in the workspace's promptops.config.yaml
  -r, --reporter NAME       console (default: a progress display and a summary table) | json | junit | github
  -o, --output FILE         write the json/junit report to FILE instead of stdout
      --grader P/M          model that grades llm-rubric assertions (default: config grader)
`,
  run: `Usage: promptops run FILE [--var name=value]... [--test NAME [--row N]] [options]

Renders FILE with the vars (JSON values allowed: --var n=3 --var tags='["a"]') and streams the reply.

Options:
      --var NAME=VALUE      a template variable (repeatable; overrides the test's vars)
  -t, --test NAME           start from the vars (and model) of this test; its assertions are not checked
      --row N               with --test: the test's dataset row to use (1-based; default 1)
  -m, --model P/M           the model to call (default: the test's model, else the file's)
      --no-cache            do not serve the reply from the cache
      --allow-workspace-endpoints
                            send keys to endpoints defined in the workspace's promptops.config.yaml
`,
  render: `Usage: promptops render FILE [--var name=value]... [--test NAME [--row N]] [--json]

Prints the messages FILE renders to, without calling a model.

Options:
      --var NAME=VALUE      a template variable (repeatable; overrides the test's vars)
  -t, --test NAME           start from the vars of this test
      --row N               with --test: the test's dataset row to use (1-based; default 1)
      --json                print the messages as JSON
`,
  lint: `Usage: promptops lint [paths|globs] [-q]

Prints every problem as file:line:col: severity code message (1-based) and exits 1 when there are errors.

Options:
  -q, --quiet               errors only, and no count
`,
  cache: `Usage: promptops cache stats|clear|prune [--json]

  stats    entries, size and hit rate of the response cache, and history size
  clear    delete every cached response (the run history stays)
  prune    drop expired and damaged entries and trim the cache to its size cap

Options:
      --json                stats as JSON
`,
  history: `Usage: promptops history FILE [--test NAME] [--limit N] [--json]

Lists the recorded runs of FILE's tests, newest first.

Options:
  -t, --test NAME           only this test
  -n, --limit N             at most N runs (default 20)
      --json                print the records as JSON
`,
};

/** The help text for a command, or the general help. */
export function helpText(command?: CommandName): string {
  return command === undefined ? general : perCommand[command];
}
