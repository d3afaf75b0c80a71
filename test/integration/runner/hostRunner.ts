// The test-runner extension: installed only into test runs, it activates on startup, runs the bundled mocha
// suite inside the extension host (real `vscode` API) and appends every result to the driver's report file.
import { appendFileSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { CONFIG_ENV, type HostConfig, type ReportEvent, type ReportedError } from './protocol';

type MochaModule = typeof import('mocha');

export function activate(): void {
  const configPath = process.env[CONFIG_ENV];
  if (!configPath) return;
  // Activation returns at once; the suite runs on its own and reports through the file.
  void runSuite(configPath);
}

export function deactivate(): void {
  // Nothing to release: the driver stops the whole server after the report ends.
}

async function runSuite(configPath: string): Promise<void> {
  let config: HostConfig;
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8')) as HostConfig;
  } catch (err) {
    // Without a config there is no report path to write to; the driver times out on the missing hello.
    console.error(`promptops test runner: cannot read ${configPath}: ${String(err)}`);
    return;
  }
  const emit = (e: ReportEvent): void => appendFileSync(config.reportPath, `${JSON.stringify(e)}\n`);
  try {
    emit({ type: 'hello', vscodeVersion: vscode.version, trusted: vscode.workspace.isTrusted });
    if (config.trust === 'grant' && !vscode.workspace.isTrusted) await waitForTrust();
    if (config.trust === 'withhold' && vscode.workspace.isTrusted) {
      throw new Error('this session tests an untrusted workspace, but the workspace is trusted (is security.workspace.trust.enabled off?)');
    }
    process.setSourceMapsEnabled(true);
    const mochaModule = (await import(pathToFileURL(config.mochaPath).href)) as MochaModule | { default: MochaModule };
    const Mocha = 'default' in mochaModule ? mochaModule.default : mochaModule;
    const mocha = new Mocha({ ui: 'bdd', timeout: config.timeoutMs, color: false, ...(config.grep ? { grep: config.grep } : {}) });
    mocha.reporter(reporterFor(Mocha, emit));
    mocha.addFile(config.suitePath);
    await mocha.loadFilesAsync();
    mocha.run();
  } catch (err) {
    emit({ type: 'fatal', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
}

function waitForTrust(): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error('the workspace was not trusted within 60 s (the driver clicks "Yes, I trust the authors")'));
    }, 60_000);
    const sub = vscode.workspace.onDidGrantWorkspaceTrust(() => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

function toReported(err: unknown): ReportedError {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { actual?: unknown; expected?: unknown; showDiff?: boolean };
  const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v, null, 2) ?? String(v));
  return {
    message: e.message,
    ...(e.stack ? { stack: e.stack } : {}),
    ...('actual' in e ? { actual: text(e.actual) } : {}),
    ...('expected' in e ? { expected: text(e.expected) } : {}),
    ...(e.showDiff !== undefined ? { showDiff: e.showDiff } : {}),
  };
}

/** A mocha reporter class that forwards events to the report file (suites as a begin/end stack). */
function reporterFor(Mocha: MochaModule, emit: (e: ReportEvent) => void): typeof Mocha.reporters.Base {
  const c = Mocha.Runner.constants;
  return class FileReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      runner.on(c.EVENT_SUITE_BEGIN, (s: Mocha.Suite) => {
        if (!s.root) emit({ type: 'suiteBegin', title: s.title });
      });
      runner.on(c.EVENT_SUITE_END, (s: Mocha.Suite) => {
        if (!s.root) emit({ type: 'suiteEnd' });
      });
      runner.on(c.EVENT_TEST_PASS, (t: Mocha.Test) => emit({ type: 'pass', title: t.title, durationMs: t.duration ?? 0, slowMs: t.slow() }));
      runner.on(c.EVENT_TEST_FAIL, (t: Mocha.Test, err: unknown) =>
        emit({ type: 'fail', title: t.title, durationMs: t.duration ?? 0, err: toReported(err) }),
      );
      runner.on(c.EVENT_TEST_PENDING, (t: Mocha.Test) => emit({ type: 'pending', title: t.title }));
      runner.once(c.EVENT_RUN_END, () => {
        const s = runner.stats;
        emit({ type: 'end', passes: s?.passes ?? 0, failures: s?.failures ?? 0, pending: s?.pending ?? 0 });
      });
    }
  };
}
