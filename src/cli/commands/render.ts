// `promptops render FILE`: the messages a prompt renders to, without calling a model.
import { messagesToText, render, RenderError } from '../../core/promptFile/render';
import { partialResolver } from '../../core/promptFile/references';
import { intOption, parseArgs, UsageError, varsOption, type OptionSpec } from '../args';
import { singlePromptFile, nodeFileSystem } from '../files';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo } from '../io';
import { formatDiagnostic, namedTest, readPrompt, sortDiagnostics, testVars } from '../prompts';

const options: OptionSpec[] = [
  { name: 'var', kind: 'list' },
  { name: 'test', short: 't', kind: 'string' },
  { name: 'row', kind: 'string' },
  { name: 'json', kind: 'flag' },
];

/** Prints FILE's rendered messages for a test's vars and/or --var values. */
export async function renderCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, options);
  if (args.positionals.length !== 1) throw new UsageError('render takes exactly one FILE');
  const file = await singlePromptFile(io.cwd, args.positionals[0]);
  const document = await readPrompt(file, io.cwd);
  const errors = sortDiagnostics(document.diagnostics.filter((d) => d.severity === 'error'));
  if (errors.length > 0) {
    for (const d of errors) io.stderr.write(`${formatDiagnostic(io.cwd, file, d)}\n`);
    return EXIT_USAGE;
  }
  const testName = args.strings.get('test');
  let vars: Record<string, unknown> = {};
  const row = intOption(args, 'row', 1, 1_000_000);
  if (row !== undefined && testName === undefined) throw new UsageError('--row picks a row of a test\'s dataset: give the test with --test NAME');
  if (testName !== undefined) vars = await testVars(namedTest(document, testName, args.positionals[0]), file, io.cwd, row);
  vars = { ...vars, ...varsOption(args) };
  try {
    const rendered = await render(document, vars, {
      ...(document.partials.length > 0 ? { resolvePartial: partialResolver(file, nodeFileSystem) } : {}),
      ...(testName !== undefined ? { testName } : {}),
    });
    if (args.flags.get('json') === true) io.stdout.write(`${JSON.stringify({ model: rendered.model ?? null, config: rendered.config, messages: rendered.messages }, null, 2)}\n`);
    else io.stdout.write(`${messagesToText(rendered.messages).replace(/\n?$/, '\n')}`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof RenderError) {
      io.stderr.write(`promptops render: ${e.message}${varHint(e, document.tests, testName)}\n`);
      return EXIT_FAILED;
    }
    throw e;
  }
}

/** For a missing or invalid variable: how to give it on this command line. */
function varHint(e: RenderError, tests: readonly { readonly name: string }[], testName: string | undefined): string {
  if (e.kind !== 'vars' || e.variable === undefined) return '';
  const fromTest = testName === undefined && tests.length > 0 ? `, or start from a test's vars with --test "${tests[0].name}"` : '';
  return ` On the command line: --var ${e.variable}=VALUE${fromTest}.`;
}
