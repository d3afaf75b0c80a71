// `promptops run FILE --var k=v`: render once, stream the model's reply to stdout, stats to stderr.
import { runCases } from '../../core/runner/execute';
import { inertControls } from '../../core/terminalText';
import { combinePlans, planFile } from '../../core/runner/plan';
import type { TestSpec } from '../../core/promptFile/model';
import { intOption, parseArgs, UsageError, varsOption, type OptionSpec } from '../args';
import { singlePromptFile } from '../files';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo } from '../io';
import { formatDiagnostic, namedTest, readPrompt, sortDiagnostics, testVars } from '../prompts';
import { cost, duration } from '../reporters/format';
import { openSession } from '../session';
import { SETUP_ERROR_KINDS } from './test';

const options: OptionSpec[] = [
  { name: 'var', kind: 'list' },
  { name: 'test', short: 't', kind: 'string' },
  { name: 'row', kind: 'string' },
  { name: 'model', short: 'm', kind: 'string' },
  { name: 'cache', kind: 'flag', negatable: true },
  { name: 'allow-workspace-endpoints', kind: 'flag' },
];

/** Streams one reply of FILE rendered with the given vars. */
export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, options);
  if (args.positionals.length !== 1) throw new UsageError('run takes exactly one FILE');
  const testName = args.strings.get('test');
  const file = await singlePromptFile(io.cwd, args.positionals[0]);
  const document = await readPrompt(file, io.cwd);
  const errors = sortDiagnostics(document.diagnostics.filter((d) => d.severity === 'error'));
  if (errors.length > 0) {
    for (const d of errors) io.stderr.write(`${formatDiagnostic(io.cwd, file, d)}\n`);
    return EXIT_USAGE;
  }
  // --test starts from that test's vars and, unless -m says otherwise, its model; --var adds or overrides.
  const test = testName !== undefined ? namedTest(document, testName, args.positionals[0]) : undefined;
  const row = intOption(args, 'row', 1, 1_000_000);
  if (row !== undefined && test === undefined) throw new UsageError('--row picks a row of a test\'s dataset: give the test with --test NAME');
  const vars = { ...(test !== undefined ? await testVars(test, file, io.cwd, row) : {}), ...varsOption(args) };
  const model = args.strings.get('model') ?? test?.models?.[0];
  const session = await openSession(io, { allowWorkspaceEndpoints: args.flags.get('allow-workspace-endpoints') === true });
  try {
    // A one-off run is a test with the command line's vars and no assertions, so it is cached and recorded alike.
    const adHoc: TestSpec = { name: 'run', vars, assert: [], range: document.bodyRange, nameRange: document.bodyRange, varRange: () => undefined };
    const plan = combinePlans([
      await planFile({ ...document, tests: [adHoc] }, file, {
        ...(model !== undefined ? { models: [model] } : {}),
        ...(session.config.defaultModel !== undefined ? { defaultModel: session.config.defaultModel } : {}),
      }),
    ]);
    let streamed = false;
    let endsWithNewline = true;
    const write = (text: string): void => {
      const safe = io.stdout.isTTY ? inertControls(text) : text;
      if (safe === '') return;
      streamed = true;
      endsWithNewline = safe.endsWith('\n');
      io.stdout.write(safe);
    };
    const summary = await runCases(plan, session.deps, {
      concurrency: 1,
      stream: true,
      tool: 'cli',
      noCache: args.flags.get('cache') === false,
      ...(io.signal !== undefined ? { signal: io.signal } : {}),
      onEvent: (e) => {
        if (e.type === 'chunk') write(e.delta);
      },
    });
    const r = summary.results[0];
    if (r.error !== undefined) {
      if (streamed && !endsWithNewline) io.stdout.write('\n');
      const fromTest = testName === undefined && document.tests.length > 0 ? `, or start from a test's vars with --test "${document.tests[0].name}"` : '';
      const hint = r.error.kind === 'render' ? ` Give template variables with --var NAME=VALUE${fromTest}.` : '';
      io.stderr.write(`promptops run: ${r.error.kind}: ${inertControls(r.error.message)}${hint}\n`);
      return SETUP_ERROR_KINDS.has(r.error.kind) ? EXIT_USAGE : EXIT_FAILED;
    }
    // A cached reply arrives whole, without chunks.
    if (!streamed && r.output !== undefined) write(r.output);
    if (!endsWithNewline) io.stdout.write('\n');
    const tokens = r.usage !== undefined ? `${r.usage.inputTokens ?? '?'} in / ${r.usage.outputTokens ?? '?'} out tokens` : 'tokens unknown';
    io.stderr.write(`— ${plan.cases[0].model ?? ''} · ${r.cached ? 'cached' : duration(r.latencyMs)} · ${tokens} · cost ${cost(r.costUsd)}\n`);
    return EXIT_OK;
  } finally {
    await session.close();
  }
}
