// `npm run test:integration [-- --grep PATTERN] [--session NAME] [--reporter spec] [--keep]`
// Packages the extension once, then for each session (sessions.ts: the main trusted workspace, an untrusted one, a
// multi-root one) starts code-server with it and the test-runner extension installed, connects headless Chromium
// (the extension host starts only when a client connects), and replays the in-host mocha results here as one run.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, openWorkbench, type Browser } from '../../../scripts/harness/browser';
import { extensionHostLogs, type CodeServer } from '../../../scripts/harness/codeServer';
import { bundleIntegrationSuite, buildRunnerExtension, packageExtension } from '../../../scripts/harness/packaging';
import { repoRoot } from '../../../scripts/harness/paths';
import { prepareRun, startSession, type Session } from '../../../scripts/harness/session';
import { ensureHarnessOrExit, type Harness } from '../../../scripts/harness/setup';
import { CONFIG_ENV, type HostConfig, type ReportEvent } from './protocol';
import { startReplay, type Replay } from './replay';
import { integrationSessions, type IntegrationSession } from './sessions';
import { answerUiRequest } from './workbenchUi';

interface Args {
  grep?: string;
  sessions: string[];
  reporter: string;
  keep: boolean;
  testTimeoutMs: number;
  runTimeoutMs: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sessions: [], reporter: 'dot', keep: false, testTimeoutMs: 20_000, runTimeoutMs: 8 * 60_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--grep' || a === '-g') args.grep = value();
    else if (a === '--session') args.sessions.push(...value().split(','));
    else if (a === '--reporter' || a === '-R') args.reporter = value();
    else if (a === '--keep') args.keep = true;
    else if (a === '--timeout') args.testTimeoutMs = Number(value());
    else throw new Error(`unknown option ${a}; use --grep PATTERN, --session NAME, --reporter NAME, --timeout MS, --keep`);
  }
  const known = integrationSessions.map((x) => x.name);
  const unknown = args.sessions.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new Error(`unknown session ${unknown.join(', ')}; sessions: ${known.join(', ')}`);
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

async function waitForReport(replay: Replay, reportPath: string, server: CodeServer, page: Page, uiDir: string, args: Args): Promise<string | undefined> {
  const next = reportTail(reportPath);
  const started = Date.now();
  let hello = false;
  for (;;) {
    for (const e of next()) {
      if (e.type === 'hello') hello = true;
      if (e.type === 'ui') {
        const answer = await answerUiRequest(page, e.request);
        // Renamed into place, so the test never reads a half-written answer.
        writeFileSync(join(uiDir, `${e.id}.tmp`), JSON.stringify(answer));
        renameSync(join(uiDir, `${e.id}.tmp`), join(uiDir, `${e.id}.json`));
        continue;
      }
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

/** Whether a session has anything to run: chosen by --session, or (with --grep) tests whose source mentions the pattern. */
function selected(session: IntegrationSession, files: readonly string[], args: Args): boolean {
  if (files.length === 0) return false;
  if (args.sessions.length > 0) return args.sessions.includes(session.name);
  if (!args.grep) return true;
  const pattern = new RegExp(args.grep);
  return pattern.test(session.title ?? '') || files.some((f) => pattern.test(readFileSync(join(repoRoot, f), 'utf8')));
}

interface Shared {
  readonly harness: Harness;
  readonly vsix: string;
  readonly runnerVsix: string;
  readonly replay: Replay;
  readonly args: Args;
}

/** Stops the session in progress (Ctrl-C); code-server runs in its own process group and would outlive the driver. */
let stopCurrent: (() => Promise<void>) | undefined;

/** Runs one session's suite in its own code-server; returns whether its folder should be kept. */
async function runSession(spec: IntegrationSession, files: readonly string[], shared: Shared): Promise<boolean> {
  const { harness, replay, args } = shared;
  const prepared = prepareRun(`it-${spec.name}`, spec.settings, shared.vsix);
  const runRoot = prepared.dirs.root;
  const suitePath = join(runRoot, `suite-${spec.name}.js`);
  await bundleIntegrationSuite(suitePath, files);
  const reportPath = join(runRoot, 'report.jsonl');
  const uiDir = join(runRoot, 'ui');
  mkdirSync(uiDir);
  const config: HostConfig = {
    mochaPath: require.resolve('mocha'),
    suitePath,
    reportPath,
    timeoutMs: args.testTimeoutMs,
    trust: spec.trust,
    uiDir,
    ...(args.grep ? { grep: args.grep } : {}),
  };
  const configPath = join(runRoot, 'host-config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));

  const failuresBefore = replay.failures;
  const close = spec.title ? replay.group(spec.title) : (): void => undefined;
  replay.useBundle(suitePath);
  let session: Session | undefined;
  let browser: Browser | undefined;
  let problem: string | undefined;
  stopCurrent = async () => {
    await browser?.close().catch(() => undefined);
    await session?.stop(true);
  };
  try {
    session = await startSession(harness, prepared, {
      label: `it-${spec.name}`,
      workspaceSource: join(repoRoot, spec.fixture),
      ...(spec.workspaceFile ? { workspaceFile: spec.workspaceFile } : {}),
      extraExtensions: [shared.runnerVsix],
      env: { [CONFIG_ENV]: configPath },
    });
    browser = await launchBrowser(harness, join(runRoot, 'chromium'));
    const page = await openWorkbench(browser, session.server.workspaceUrl, { trust: spec.trust === 'grant' });
    problem = await waitForReport(replay, reportPath, session.server, page, uiDir, args);
  } catch (err) {
    problem = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  if (problem) {
    const logs = extensionHostLogs(prepared.dirs);
    problem += logs.length > 0 ? `\n\nextension host log (last lines):\n${logTail(logs)}` : `\n\ncode-server output:\n${session?.server.output() ?? ''}`;
    replay.fail(`${spec.name} session`, problem);
  }
  close();
  const keep = replay.failures > failuresBefore || args.keep;
  await browser?.close().catch(() => undefined);
  await session?.stop(keep);
  stopCurrent = undefined;
  if (keep) console.log(`\n${spec.name} session folder kept for inspection: ${runRoot}`);
  return keep;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const plan = integrationSessions.map((spec) => ({ spec, files: spec.files() })).filter(({ spec, files }) => selected(spec, files, args));
  if (plan.length === 0) {
    console.error(args.grep || args.sessions.length > 0 ? 'no integration session has tests that match' : 'no test files under test/integration/');
    return 1;
  }
  const harness = await ensureHarnessOrExit();
  // Built once for every session: the extension's VSIX and the test-runner extension.
  const shared = mkdtempSync(join(tmpdir(), 'promptops-it-'));
  const vsix = join(shared, 'promptops.vsix');
  packageExtension(vsix);
  const runnerVsix = await buildRunnerExtension(join(shared, 'runner-extension'));
  const replay = startReplay(args.reporter);
  process.once('SIGINT', () => void (stopCurrent?.() ?? Promise.resolve()).then(() => process.exit(130)));
  for (const { spec, files } of plan) await runSession(spec, files, { harness, vsix, runnerVsix, replay, args });
  replay.finish();
  rmSync(shared, { recursive: true, force: true });
  return replay.failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
