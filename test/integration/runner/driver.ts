// `npm run test:integration [-- --grep PATTERN] [--reporter spec] [--keep]`
// Packages the extension, starts code-server with it and the test-runner extension installed, connects headless
// Chromium (the extension host starts only when a client connects), and replays the in-host mocha results here.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openWorkbench, type Browser } from '../../../scripts/harness/browser';
import { extensionHostLogs, type CodeServer } from '../../../scripts/harness/codeServer';
import { bundleIntegrationSuite, buildRunnerExtension } from '../../../scripts/harness/packaging';
import { repoRoot } from '../../../scripts/harness/paths';
import { prepareRun, startSession, type Session } from '../../../scripts/harness/session';
import { ensureHarnessOrExit } from '../../../scripts/harness/setup';
import { CONFIG_ENV, type HostConfig, type ReportEvent } from './protocol';
import { startReplay, type Replay } from './replay';

interface Args {
  grep?: string;
  reporter: string;
  keep: boolean;
  testTimeoutMs: number;
  runTimeoutMs: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { reporter: 'dot', keep: false, testTimeoutMs: 20_000, runTimeoutMs: 8 * 60_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--grep' || a === '-g') args.grep = value();
    else if (a === '--reporter' || a === '-R') args.reporter = value();
    else if (a === '--keep') args.keep = true;
    else if (a === '--timeout') args.testTimeoutMs = Number(value());
    else throw new Error(`unknown option ${a}; use --grep PATTERN, --reporter NAME, --timeout MS, --keep`);
  }
  return args;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Reads new complete lines of the report file as they are appended. */
function reportTail(path: string): () => ReportEvent[] {
  let offset = 0;
  return () => {
    if (!existsSync(path)) return [];
    const text = readFileSync(path, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    const chunk = text.slice(offset, end);
    offset = Math.max(offset, end);
    return chunk.split('\n').filter(Boolean).map((l) => JSON.parse(l) as ReportEvent);
  };
}

function logTail(paths: string[], lines = 40): string {
  return paths.map((p) => `── ${p}\n${readFileSync(p, 'utf8').split('\n').slice(-lines).join('\n')}`).join('\n');
}

async function waitForReport(replay: Replay, reportPath: string, server: CodeServer, args: Args): Promise<string | undefined> {
  const next = reportTail(reportPath);
  const started = Date.now();
  let hello = false;
  for (;;) {
    for (const e of next()) {
      if (e.type === 'hello') hello = true;
      replay.push(e);
      if (e.type === 'end' || e.type === 'fatal') return undefined;
    }
    if (server.process.exitCode !== null) return `code-server exited (${server.process.exitCode}) during the run`;
    const waited = Date.now() - started;
    if (!hello && waited > 120_000) return 'the test-runner extension did not start within 120 s (no "hello" in the report)';
    if (waited > args.runTimeoutMs) return `the suite did not finish within ${args.runTimeoutMs / 1000} s`;
    await sleep(200);
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const harness = await ensureHarnessOrExit();
  const prepared = prepareRun('it');
  const runRoot = prepared.dirs.root;
  const suitePath = join(runRoot, 'suite.js');
  const count = await bundleIntegrationSuite(suitePath);
  if (count === 0) {
    console.error('no test files under test/integration/');
    return 1;
  }
  const runnerVsix = await buildRunnerExtension(join(runRoot, 'runner-extension'));
  const reportPath = join(runRoot, 'report.jsonl');
  const config: HostConfig = {
    mochaPath: require.resolve('mocha'),
    suitePath,
    reportPath,
    timeoutMs: args.testTimeoutMs,
    waitForTrust: true,
    ...(args.grep ? { grep: args.grep } : {}),
  };
  const configPath = join(runRoot, 'host-config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));

  let session: Session | undefined;
  let browser: Browser | undefined;
  const replay = startReplay(args.reporter, suitePath);
  let problem: string | undefined;
  const cleanup = async (keep: boolean): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await session?.stop(keep);
  };
  process.once('SIGINT', () => void cleanup(true).then(() => process.exit(130)));
  try {
    session = await startSession(harness, prepared, {
      label: 'it',
      workspaceSource: join(repoRoot, 'test/fixtures/workspaces/basic'),
      extraExtensions: [runnerVsix],
      env: { [CONFIG_ENV]: configPath },
    });
    browser = await launchBrowser(harness, join(runRoot, 'chromium'));
    await openWorkbench(browser, session.server.workspaceUrl, { trust: true });
    problem = await waitForReport(replay, reportPath, session.server, args);
  } catch (err) {
    problem = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  if (problem) {
    const logs = extensionHostLogs(prepared.dirs);
    problem += logs.length > 0 ? `\n\nextension host log (last lines):\n${logTail(logs)}` : `\n\ncode-server output:\n${session?.server.output() ?? ''}`;
  }
  replay.finish(problem ? { title: 'integration run', message: problem } : undefined);
  const keep = replay.failures > 0 || args.keep;
  await cleanup(keep);
  if (keep) console.log(`\nrun folder kept for inspection: ${runRoot}`);
  return replay.failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
