// `npm run test:e2e [-- --grep PATTERN] [--reporter spec] [--keep]`
// One code-server with the packaged extension, one headless Chromium page on its workbench, and mocha running
// test/e2e/**/*.test.ts against that page. After every test: a screenshot, and a failure if the workbench shows an
// error notification or a log records a PromptOps error.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import Mocha from 'mocha';
import type { Page } from 'playwright-core';
import { launchBrowser, openWorkbench, type Browser } from '../../../scripts/harness/browser';
import { findTestFiles } from '../../../scripts/harness/packaging';
import { repoRoot, resultsDir } from '../../../scripts/harness/paths';
import { prepareRun, startSession, type Session } from '../../../scripts/harness/session';
import { ensureHarnessOrExit } from '../../../scripts/harness/setup';
import { errorNotifications, LogWatch } from '../helpers/errors';
import { setE2eContext } from '../helpers/session';
import { runCommand } from '../helpers/workbench';

interface Args {
  grep?: string;
  reporter: string;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { reporter: 'dot', keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--grep' || a === '-g') args.grep = argv[++i];
    else if (a === '--reporter' || a === '-R') args.reporter = argv[++i] ?? 'dot';
    else if (a === '--keep') args.keep = true;
    else throw new Error(`unknown option ${a}; use --grep PATTERN, --reporter NAME, --keep`);
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

/** After each test: a screenshot of what the user saw, then a tidy workbench for the next test. */
function rootHooks(page: Page, screenshotsDir: string): Mocha.RootHookObject {
  return {
    async afterEach(this: Mocha.Context): Promise<void> {
      const test = this.currentTest;
      if (test) await page.screenshot({ path: join(screenshotsDir, `${slug(test.fullTitle())}.png`) });
      await tidy(page);
    },
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const files = findTestFiles('test/e2e');
  if (files.length === 0) {
    console.error('no test files under test/e2e/');
    return 1;
  }
  const harness = await ensureHarnessOrExit();
  const screenshotsDir = join(resultsDir, 'screenshots');
  rmSync(screenshotsDir, { recursive: true, force: true });
  mkdirSync(screenshotsDir, { recursive: true });

  const prepared = prepareRun('e2e');
  let session: Session | undefined;
  let browser: Browser | undefined;
  let failures = 1;
  const cleanup = async (keep: boolean): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await session?.stop(keep);
  };
  process.once('SIGINT', () => void cleanup(true).then(() => process.exit(130)));
  try {
    session = await startSession(harness, prepared, { label: 'e2e', workspaceSource: join(repoRoot, 'test/fixtures/workspaces/basic') });
    browser = await launchBrowser(harness, join(prepared.dirs.root, 'chromium'));
    const page = await openWorkbench(browser, session.server.workspaceUrl, { trust: true });
    setE2eContext({ page, session, workspace: session.workspace, screenshotsDir });

    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: args.reporter, ...(args.grep ? { grep: args.grep } : {}) });
    mocha.rootHooks(rootHooks(page, screenshotsDir));
    for (const f of files) mocha.addFile(join(repoRoot, f));
    await mocha.loadFilesAsync();
    failOnReportedErrors(mocha.suite, page, new LogWatch(join(prepared.dirs.userDataDir, 'logs')));
    failures = await new Promise<number>((resolve) => mocha.run(resolve));
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    if (session) console.error(`\ncode-server output:\n${session.server.output().slice(-4000)}`);
  }
  const keep = failures > 0 || args.keep;
  await cleanup(keep);
  const shots = readdirSync(screenshotsDir).sort();
  if (shots.length > 0) console.log(`\nscreenshots (${shots.length}) in ${relative(process.cwd(), screenshotsDir) || screenshotsDir}/:\n${shots.map((s) => `  ${s}`).join('\n')}`);
  if (keep) console.log(`run folder kept for inspection: ${prepared.dirs.root}`);
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
