// `promptops test`: plan every test of the prompt files found, run them, report, and exit 0/1/2.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runCases } from '../../core/runner/execute';
import { combinePlans, planFile } from '../../core/runner/plan';
import type { FilePlan, RunErrorKind, RunSummary } from '../../core/runner/types';
import { intOption, parseArgs, UsageError, type OptionSpec } from '../args';
import { checkReferences } from '../../core/promptFile/references';
import { loadDataset } from '../../core/promptFile/dataset';
import type { Diagnostic, PromptDocument } from '../../core/promptFile/model';
import type { FileSystem } from '../../core/io';
import { displayPath, findPromptFiles, nodeFileSystem } from '../files';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo, type OutStream } from '../io';
import { formatDiagnostic, readPrompt, sortDiagnostics } from '../prompts';
import { ConsoleReporter } from '../reporters/console';
import { githubAnnotations, jsonReport, junitReport } from '../reporters/machine';
import { openSession } from '../session';
import { setupErrorsByTest, setupErrorSummary } from '../setupErrors';

// Runs at least this large ask V8 to size heap growth for memory. A long run's live heap stays under 50 MB, but by
// default V8 lets the heap grow to several times that between full collections (10,000 cases peaked at 190-220 MB
// RSS; with the setting about 120 MB). The setting costs CPU in every run (more, smaller young-generation
// collections: a warm 1,000-case run took 0.91 s of CPU with it and 0.85 s without, and peaked at 95 vs 107 MB), so
// smaller runs, whose heap stays small anyway, go without. A preference, not a limit: a run that needs more gets it.
const SMALL_HEAP_CASES = 2_000;

/** True when a run of `cases` cases should prefer a small heap over speed. */
export function prefersSmallHeap(cases: number): boolean {
  return cases >= SMALL_HEAP_CASES;
}

const options: OptionSpec[] = [
  { name: 'grep', short: 'g', kind: 'string' },
  { name: 'model', short: 'm', kind: 'list' },
  { name: 'repeat', kind: 'string' },
  { name: 'concurrency', short: 'j', kind: 'string' },
  { name: 'cache', kind: 'flag', negatable: true },
  { name: 'bail', kind: 'flag' },
  { name: 'allow-javascript', kind: 'flag' },
  { name: 'allow-workspace-endpoints', kind: 'flag' },
  { name: 'reporter', short: 'r', kind: 'string' },
  { name: 'output', short: 'o', kind: 'string' },
  { name: 'grader', kind: 'string' },
];

const REPORTERS = ['json', 'junit', 'github'] as const;

/** Errors that mean the run could not be set up (exit 2) rather than that a prompt misbehaved (exit 1). */
export const SETUP_ERROR_KINDS: ReadonlySet<RunErrorKind> = new Set<RunErrorKind>(['provider-setup', 'no-model', 'config', 'auth']);

/** Runs the tests of the prompt files named (default: all under the current folder). */
export async function testCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, options);
  // `console` names the default (a script may spell out every option); it is the same as giving none.
  const asked = args.strings.get('reporter');
  const reporter = asked === 'console' ? undefined : asked;
  if (reporter !== undefined && !(REPORTERS as readonly string[]).includes(reporter)) {
    throw new UsageError(`--reporter must be one of console, ${REPORTERS.join(', ')}, got "${reporter}"`);
  }
  const outputFile = args.strings.get('output');
  if (outputFile !== undefined && (reporter === undefined || reporter === 'github')) {
    throw new UsageError('--output needs --reporter json or junit');
  }
  const grepText = args.strings.get('grep');
  let grep: RegExp | undefined;
  try {
    grep = grepText !== undefined ? new RegExp(grepText, 'i') : undefined;
  } catch (e) {
    throw new UsageError(`--grep is not a valid regular expression: ${(e as Error).message}`);
  }
  const models = args.lists.get('model') ?? [];
  for (const m of models) if (!/^[A-Za-z][\w.-]*\/\S+$/.test(m) && m !== 'echo') throw new UsageError(`--model expects provider/model, got "${m}"`);
  const repeat = intOption(args, 'repeat', 1, 1000);
  const concurrency = intOption(args, 'concurrency', 1, 256);

  const files = await findPromptFiles(io.cwd, args.positionals);
  if (files.length === 0) {
    io.stderr.write(`promptops test: no .prompt files under ${io.cwd}\n`);
    return EXIT_OK;
  }
  // The store and config open while the prompt files are read and checked: neither waits for the other's files.
  const opening = openSession(io, { allowWorkspaceEndpoints: args.flags.get('allow-workspace-endpoints') === true });
  // A dataset is read once although both the reference check and the plan load it.
  const readOnce = onceReadFileSystem();
  const checking = Promise.allSettled(files.map((file) => checkPrompt(file, io.cwd, readOnce)));
  // A config problem is reported first, as when the session opened before anything else was read.
  const session = await opening.catch(async (e: unknown) => {
    await checking;
    throw e;
  });
  try {
    // Settled one by one: an unreadable file is thrown below, in file order, as the old one-by-one loop did.
    const checked = await checking;
    // The report may go to stdout; then progress and messages go to stderr so the report stays parseable.
    const machineToStdout = (reporter === 'json' || reporter === 'junit') && outputFile === undefined;
    const human: OutStream = machineToStdout ? io.stderr : io.stdout;

    let setupProblem = false;
    let brokenFiles = 0;
    const plans: FilePlan[] = [];
    for (const outcome of checked) {
      if (outcome.status === 'rejected') throw outcome.reason;
      const { file, document, errors } = outcome.value;
      if (errors.length > 0) {
        for (const d of errors) io.stderr.write(`${formatDiagnostic(io.cwd, file, d)}\n`);
        setupProblem = true;
        brokenFiles++;
        continue;
      }
      plans.push(
        await planFile(document, file, {
          models,
          ...(session.config.defaultModel !== undefined ? { defaultModel: session.config.defaultModel } : {}),
          ...(repeat !== undefined ? { repeat } : {}),
          ...(grep !== undefined ? { grep } : {}),
          loadRows: (path) => loadDataset(path, readOnce),
        }),
      );
    }
    const plan = combinePlans(plans);
    for (const p of plan.problems) {
      io.stderr.write(`${displayPath(io.cwd, p.filePath)}:${p.range.start.line + 1}:${p.range.start.character + 1}: error ${p.testName}: ${p.message}\n`);
      setupProblem = true;
    }
    if (plan.cases.length === 0) {
      if (grep !== undefined) {
        // A pattern that selects nothing is most likely a typo: passing would let CI go green having tested nothing.
        io.stderr.write(`promptops test: no case matches --grep ${grepText}; check the pattern (a case-insensitive regular expression matched against case ids such as "test name › provider/model").\n`);
        return EXIT_USAGE;
      }
      // Files with errors are skipped, so their tests are not "not found": say why nothing ran.
      if (brokenFiles > 0) io.stderr.write(`promptops test: nothing ran: ${brokenFiles} prompt file(s) have errors (listed above); fix them to run their tests.\n`);
      else if (setupProblem) io.stderr.write('promptops test: nothing ran: the problems above stopped every test.\n');
      else human.write('no tests found in the prompt files\n');
      return setupProblem ? EXIT_USAGE : EXIT_OK;
    }

    if (prefersSmallHeap(plan.cases.length)) setFlagsFromString('--optimize-for-size');
    const consoleReporter = new ConsoleReporter(human, io.cwd, plan.cases.length);
    const summary: RunSummary = await runCases(plan, session.deps, {
      concurrency: concurrency ?? session.config.concurrency,
      providerConcurrency: session.providerConcurrency,
      ...(io.signal !== undefined ? { signal: io.signal } : {}),
      noCache: args.flags.get('cache') === false,
      bail: args.flags.get('bail') === true,
      allowJavascript: args.flags.get('allow-javascript') === true,
      tool: 'cli',
      // No reporter prints the rendered messages; the run records keep them.
      keepMessages: false,
      // The console and GitHub reporters detail failures only; JSON and JUnit list every case's output.
      keepPassingDetail: reporter === 'json' || reporter === 'junit',
      ...(args.strings.get('grader') ?? session.config.grader) !== undefined ? { graderModel: args.strings.get('grader') ?? session.config.grader } : {},
      onEvent: (e) => consoleReporter.onEvent(e),
    });
    consoleReporter.finish(summary, plan);

    if (reporter === 'github') io.stdout.write(githubAnnotations(summary, plan, io.cwd));
    else if (reporter === 'json' || reporter === 'junit') {
      const text = reporter === 'json' ? jsonReport(summary, plan, io.cwd) : junitReport(summary, plan, io.cwd);
      if (outputFile === undefined) io.stdout.write(text);
      else {
        // CI asks for reports in folders that do not exist yet (`-o reports/junit.xml`); a report that still cannot be
        // written goes to stdout, so the run's results are not lost.
        const target = resolve(io.cwd, outputFile);
        await mkdir(dirname(target), { recursive: true }).then(() => writeFile(target, text)).catch((e: unknown) => {
          io.stdout.write(text);
          throw new CliError(`cannot write ${outputFile}: ${(e as NodeJS.ErrnoException).code ?? String(e)}; the ${reporter} report is printed above instead`);
        });
        human.write(`${reporter} report written to ${outputFile}\n`);
      }
    }

    const setupErrors = setupErrorsByTest(summary, SETUP_ERROR_KINDS);
    if (setupErrors.length > 0) {
      io.stderr.write(setupErrorSummary(setupErrors));
      return EXIT_USAGE;
    }
    if (setupProblem) return EXIT_USAGE;
    return summary.passed === summary.groups.length ? EXIT_OK : EXIT_FAILED;
  } finally {
    await session.close();
  }
}

/** Reads, parses and checks one prompt file; its errors (sorted) are printed by the caller in file order. */
async function checkPrompt(file: string, cwd: string, fs: FileSystem): Promise<{ file: string; document: PromptDocument; errors: Diagnostic[] }> {
  const document = await readPrompt(file, cwd);
  const references = await checkReferences(document, file, fs);
  return { file, document, errors: sortDiagnostics([...document.diagnostics, ...references].filter((d) => d.severity === 'error')) };
}

/** The disk, with each file read at most once for the life of one command. */
export function onceReadFileSystem(base: FileSystem = nodeFileSystem): FileSystem {
  const texts = new Map<string, Promise<string>>();
  return {
    readFile: (path) => {
      let text = texts.get(path);
      if (text === undefined) {
        text = base.readFile(path);
        // A failed read is not remembered: the next reader gets its own error.
        text.catch(() => texts.delete(path));
        texts.set(path, text);
      }
      return text;
    },
    exists: (path) => base.exists(path),
  };
}
