// `npm run test:e2e [-- --grep PATTERN] [--session NAME] [--reporter spec] [--keep]`
// Per session (sessions.ts: light with every test, then dark and high contrast with the theme tests): a code-server
// with the packaged extension in that theme, one headless Chromium page on its workbench, and mocha running the
// session's test files against that page. After every test: a screenshot into this run's own folder, and a failure
// if the workbench shows an error notification or a log records a PromptOps error.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import Mocha from 'mocha';
import type { Page } from 'playwright-core';
import { launchBrowser, openWorkbench, type Browser } from '../../../scripts/harness/browser';
import { packageExtension } from '../../../scripts/harness/packaging';
import { repoRoot, resultsDir } from '../../../scripts/harness/paths';
import { prepareRun, startSession, type Session } from '../../../scripts/harness/session';
import { ensureHarnessOrExit, type Harness } from '../../../scripts/harness/setup';
import { errorNotifications, LogWatch } from '../helpers/errors';
import { setE2eContext } from '../helpers/session';
import { runCommand } from '../helpers/workbench';
import { e2eSessions, type E2eSession } from './sessions';

interface Args {
  grep?: string;
  sessions: string[];
  reporter: string;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sessions: [], reporter: 'dot', keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--grep' || a === '-g') args.grep = argv[++i];
    else if (a === '--reporter' || a === '-R') args.reporter = argv[++i] ?? 'dot';
    else if (a === '--keep') args.keep = true;
    else if (a === '--session') args.sessions.push(...(argv[++i] ?? '').split(','));
    else throw new Error(`unknown option ${a}; use --grep PATTERN, --session NAME, --reporter NAME, --keep`);
  }
  return args;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 100);
}

/** Answers "Don't Save" on the save-changes dialog if it is (or comes) up; returns whether it did. */
async function discardChangesDialog(page: Page, waitMs: number): Promise<boolean> {
  const dontSave = page.locator('.monaco-dialog-box').getByRole('button', { name: "Don't Save" });
  try {
    await dontSave.click({ timeout: waitMs });
    return true;
  } catch {
    return false;
  }
}

/** Leaves the workbench as the next test expects it: no quick input, no editors (edits discarded), no toasts. */
async function tidy(page: Page): Promise<void> {
  try {
    await page.keyboard.press('Escape');
    await discardChangesDialog(page, 200);
    await runCommand(page, 'View: Close All Editors');
    await discardChangesDialog(page, 2000);
    await runCommand(page, 'Notifications: Clear All Notifications');
  } catch {
    // A state the steps above do not know: start the next test from a freshly loaded workbench instead.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    await discardChangesDialog(page, 2000);
  }
}

/**
 * Wraps every test so that, after its own assertions, it fails if the workbench shows an error notification or a
 * log records a PromptOps error while it ran. (A failing afterEach hook would abort the remaining tests instead.)
 */
function failOnReportedErrors(suite: Mocha.Suite, page: Page, logs: LogWatch): void {
  for (const test of suite.tests) {
    const body = test.fn;
    if (!body) continue;
    if (body.length > 0) throw new Error(`e2e test "${test.fullTitle()}" takes a done callback: make it async instead`);
    test.fn = async function (this: Mocha.Context): Promise<void> {
      logs.mark();
      await (body as (this: Mocha.Context) => unknown).call(this);
      const shown = await errorNotifications(page);
      const logged = logs.newErrors();
      if (shown.length > 0 || logged.length > 0) {
        throw new Error(
          'the assertions passed but PromptOps reported errors:\n' +
            [...shown.map((t) => `notification: ${t}`), ...logged.map((l) => `log: ${l}`)].join('\n'),
        );
      }
    };
  }
  for (const child of suite.suites) failOnReportedErrors(child, page, logs);
}

/** After each test: a screenshot of what the user saw (named after the test, `prefix` first), then a tidy workbench. */
function rootHooks(page: Page, screenshotsDir: string, prefix: string): Mocha.RootHookObject {
  return {
    async afterEach(this: Mocha.Context): Promise<void> {
      const test = this.currentTest;
      if (test) await page.screenshot({ path: join(screenshotsDir, `${prefix}${slug(test.fullTitle())}.png`) });
      await tidy(page);
    },
  };
}

/** A folder name for this run: when it started, and the process id so two runs started together differ too. */
function runId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${t}-${process.pid}`;
}

/**
 * Points `test-results/screenshots/latest` at this run's folder (atomically, so a concurrent run never sees it
 * missing) and removes run folders beyond the newest ten that are over an hour old (never one still being written).
 */
function publishScreenshots(root: string, dir: string): void {
  const tmp = join(root, `.latest-${process.pid}`);
  rmSync(tmp, { force: true });
  symlinkSync(basename(dir), tmp);
  renameSync(tmp, join(root, 'latest'));
  const runs = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort().reverse();
  for (const old of runs.slice(10)) {
    const p = join(root, old);
    if (Date.now() - statSync(p).mtimeMs > 3_600_000) rmSync(p, { recursive: true, force: true });
  }
}

/** Stops the session in progress (Ctrl-C); code-server runs in its own process group and would outlive the driver. */
let stopCurrent: (() => Promise<void>) | undefined;

/** Runs one session's tests against a fresh code-server in its theme; returns its failure count. */
async function runSession(spec: E2eSession, files: readonly string[], harness: Harness, vsix: string, screenshotsDir: string, args: Args): Promise<number> {
  const settings = { 'workbench.colorTheme': spec.theme.colorTheme, 'window.autoDetectColorScheme': false, 'window.autoDetectHighContrast': false };
  const prepared = prepareRun(`e2e-${spec.name}`, settings, vsix);
  let session: Session | undefined;
  let browser: Browser | undefined;
  let failures = 1;
  stopCurrent = async () => {
    await browser?.close().catch(() => undefined);
    await session?.stop(true);
  };
  try {
    session = await startSession(harness, prepared, { label: `e2e-${spec.name}`, workspaceSource: join(repoRoot, 'test/fixtures/workspaces/basic') });
    browser = await launchBrowser(harness, join(prepared.dirs.root, 'chromium'));
    const page = await openWorkbench(browser, session.server.workspaceUrl, { trust: true });
    setE2eContext({ page, session, workspace: session.workspace, screenshotsDir, theme: spec.theme });

    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: args.reporter, ...(args.grep ? { grep: args.grep } : {}) });
    mocha.rootHooks(rootHooks(page, screenshotsDir, spec.name === 'main' ? '' : `${spec.name}-`));
    for (const f of files) mocha.addFile(join(repoRoot, f));
    await mocha.loadFilesAsync();
    failOnReportedErrors(mocha.suite, page, new LogWatch(join(prepared.dirs.userDataDir, 'logs')));
    failures = await new Promise<number>((resolve) => mocha.run(resolve));
    // The next session loads the same test files again: they must register their suites afresh.
    mocha.unloadFiles();
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    if (session) console.error(`\ncode-server output:\n${session.server.output().slice(-4000)}`);
  }
  const keep = failures > 0 || args.keep;
  await browser?.close().catch(() => undefined);
  await session?.stop(keep);
  stopCurrent = undefined;
  if (keep) console.log(`${spec.name} session folder kept for inspection: ${prepared.dirs.root}`);
  return failures;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const plan = e2eSessions
    .filter((s) => args.sessions.length === 0 || args.sessions.includes(s.name))
    .map((spec) => ({ spec, files: spec.files() }))
    .filter((p) => p.files.length > 0 && (!args.grep || p.files.some((f) => new RegExp(args.grep!).test(readFileSync(join(repoRoot, f), 'utf8')))));
  if (plan.length === 0) {
    console.error(args.grep || args.sessions.length > 0 ? 'no e2e session has tests that match' : 'no test files under test/e2e/');
    return 1;
  }
  const harness = await ensureHarnessOrExit();
  const screenshotsRoot = join(resultsDir, 'screenshots');
  const screenshotsDir = join(screenshotsRoot, runId());
  mkdirSync(screenshotsDir, { recursive: true });
  // Packaged once; every session installs the same VSIX.
  const shared = mkdtempSync(join(tmpdir(), 'promptops-e2e-'));
  const vsix = join(shared, 'promptops.vsix');
  packageExtension(vsix);
  process.once('SIGINT', () => void (stopCurrent?.() ?? Promise.resolve()).then(() => process.exit(130)));

  let failures = 0;
  for (const { spec, files } of plan) {
    if (plan.length > 1) console.log(`\n── e2e session "${spec.name}": ${spec.theme.colorTheme}, ${files.length} file(s)`);
    failures += await runSession(spec, files, harness, vsix, screenshotsDir, args);
  }
  rmSync(shared, { recursive: true, force: true });
  const shots = readdirSync(screenshotsDir).sort();
  publishScreenshots(screenshotsRoot, screenshotsDir);
  if (shots.length > 0) console.log(`\nscreenshots (${shots.length}) in ${relative(process.cwd(), screenshotsDir) || screenshotsDir}/ (also test-results/screenshots/latest/):\n${shots.map((s) => `  ${s}`).join('\n')}`);
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
