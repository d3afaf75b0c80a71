// `promptops history FILE [--test NAME]`: the recorded runs of a prompt's tests, newest first.
import { intOption, parseArgs, UsageError, type OptionSpec } from '../args';
import { singlePromptFile } from '../files';
import { EXIT_OK, type CliIo } from '../io';
import { cost, duration, oneLine, symbol, table } from '../reporters/format';
import { openStoreOnly } from '../session';
import { modelRefOf } from '../../core/store/types';

const options: OptionSpec[] = [
  { name: 'test', short: 't', kind: 'string' },
  { name: 'limit', short: 'n', kind: 'string' },
  { name: 'json', kind: 'flag' },
];

/** Lists runs of FILE from the store. */
export async function historyCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, options);
  if (args.positionals.length !== 1) throw new UsageError('history takes exactly one FILE');
  const limit = intOption(args, 'limit', 1, 100_000) ?? 20;
  const testName = args.strings.get('test');
  const file = await singlePromptFile(io.cwd, args.positionals[0]);
  const { store } = await openStoreOnly(io);
  try {
    const all = testName !== undefined ? await store.testHistory(file, testName) : await store.recordsOf(file);
    const records = [...all].sort((a, b) => b.time - a.time).slice(0, limit);
    if (args.flags.get('json') === true) {
      io.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
      return EXIT_OK;
    }
    if (records.length === 0) {
      // A misspelt test name: say which tests do have runs.
      const known = testName !== undefined ? [...new Set((await store.summariesOf(file)).map((r) => r.testName))].sort() : [];
      const hint = known.length > 0 ? `; tests with runs: ${known.slice(0, 10).map((n) => `"${oneLine(n, 80)}"`).join(', ')}${known.length > 10 ? ', …' : ''}` : '';
      io.stdout.write(`no recorded runs of ${args.positionals[0]}${testName !== undefined ? ` test "${testName}"` : ''}${hint}\n`);
      return EXIT_OK;
    }
    const rows = [['', 'time', 'test', 'model', 'version', 'latency', 'cost', 'by', 'output']];
    for (const r of records) {
      const status = r.error !== undefined ? 'error' : r.pass ? 'passed' : 'failed';
      rows.push([
        symbol(status),
        new Date(r.time).toISOString().replace('T', ' ').slice(0, 19),
        oneLine(r.caseId, 50),
        modelRefOf(r),
        `${r.promptHash.slice(0, 8)}${r.git !== undefined ? ` @${r.git.commit.slice(0, 7)}${r.git.dirty ? '+' : ''}` : ''}`,
        r.cached ? 'cached' : duration(r.latencyMs),
        cost(r.costUsd ?? undefined),
        r.tool,
        oneLine(r.error !== undefined ? `${r.error.kind}: ${r.error.message}` : r.output, 60),
      ]);
    }
    io.stdout.write(`${table(rows)}\n`);
    if (all.length > records.length) io.stdout.write(`… ${all.length - records.length} older runs (use --limit)\n`);
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
