// Replays the extension host's report through a real mocha reporter in the driver process, so integration results
// look exactly like the unit tier's (dots, failures with diffs and stacks, the "N passing" epilogue).
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload, type SourceMapping } from 'node:module';
import { basename, relative } from 'node:path';
import Mocha from 'mocha';
import type { ReportEvent } from './protocol';

// mocha's stats collector is what Mocha#run attaches to a runner; reporters read runner.stats from it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const createStatsCollector = require('mocha/lib/stats-collector') as (runner: Mocha.Runner) => void;

export interface Replay {
  /** Feeds one event from the report file. */
  push(event: ReportEvent): void;
  /** Maps failure stacks of the events that follow through this bundle's source map (one bundle per session). */
  useBundle(path: string): void;
  /** Opens a suite around what follows (one session's results); the returned function closes it and anything left open inside. */
  group(title: string): () => void;
  /** Adds a failure the host could not report (a session that did not start or finish). */
  fail(title: string, message: string): void;
  /** Ends the run (the reporter prints its epilogue); `extraFailure` adds a failure the host could not report. */
  finish(extraFailure?: { title: string; message: string }): void;
  readonly failures: number;
  readonly passes: number;
}

function reporterClass(name: string): typeof Mocha.reporters.Base {
  const reporters = Mocha.reporters as unknown as Record<string, typeof Mocha.reporters.Base | undefined>;
  const found = reporters[name] ?? reporters[name.charAt(0).toUpperCase() + name.slice(1)];
  if (!found) throw new Error(`unknown mocha reporter "${name}" (try dot, spec, list, tap)`);
  return found;
}

/**
 * Rewrites `suite.js:LINE:COL` frames of a stack to the TypeScript source through the bundle's inline source map.
 * (The extension host installs its own Error.prepareStackTrace, so Node's source-map support does not apply there.)
 */
export function sourceMappedStack(stack: string, bundlePath: string): string {
  let map: SourceMap;
  try {
    const text = readFileSync(bundlePath, 'utf8');
    const m = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(text);
    if (!m?.[1]) return stack;
    map = new SourceMap(JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')) as SourceMapPayload);
  } catch {
    return stack;
  }
  const name = basename(bundlePath).replace(/[.]/g, '\\.');
  return stack.replace(new RegExp(`(?:[^\\s(]*/)?${name}:(\\d+):(\\d+)`, 'g'), (whole, line: string, col: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(col) - 1) as Partial<SourceMapping>;
    if (!entry.originalSource) return whole;
    const source = entry.originalSource.replace(/^file:\/\//, '');
    return `${relative(process.cwd(), source)}:${(entry.originalLine ?? 0) + 1}:${(entry.originalColumn ?? 0) + 1}`;
  });
}

/** Starts a replay that prints with the named mocha reporter; failure stacks are mapped through `bundlePath`. */
export function startReplay(reporterName: string, initialBundle?: string): Replay {
  let bundlePath = initialBundle;
  const c = Mocha.Runner.constants;
  const root = new Mocha.Suite('', new Mocha.Context());
  root.root = true;
  const runner = new Mocha.Runner(root, { delay: false });
  createStatsCollector(runner);
  const Reporter = reporterClass(reporterName);
  new Reporter(runner, {});
  const stack: Mocha.Suite[] = [root];
  const current = (): Mocha.Suite => stack[stack.length - 1];
  let failures = 0;
  let passes = 0;
  let ended = false;

  const addTest = (title: string, durationMs: number, state: 'passed' | 'failed' | undefined): Mocha.Test => {
    const test = new Mocha.Test(title);
    test.duration = durationMs;
    if (state) test.state = state;
    current().addTest(test);
    return test;
  };
  const fail = (title: string, err: Error): void => {
    const test = addTest(title, 0, 'failed');
    failures++;
    runner.emit(c.EVENT_TEST_BEGIN, test);
    runner.emit(c.EVENT_TEST_FAIL, test, err);
    runner.emit(c.EVENT_TEST_END, test);
  };

  runner.emit(c.EVENT_RUN_BEGIN);
  runner.emit(c.EVENT_SUITE_BEGIN, root);

  return {
    get failures() {
      return failures;
    },
    get passes() {
      return passes;
    },
    useBundle(path: string): void {
      bundlePath = path;
    },
    group(title: string): () => void {
      const depth = stack.length;
      const suite = Mocha.Suite.create(current(), title);
      stack.push(suite);
      runner.emit(c.EVENT_SUITE_BEGIN, suite);
      return () => {
        while (stack.length > depth) runner.emit(c.EVENT_SUITE_END, stack.pop());
      };
    },
    fail(title: string, message: string): void {
      fail(title, Object.assign(new Error(message), { stack: message }));
    },
    push(e: ReportEvent): void {
      switch (e.type) {
        case 'suiteBegin': {
          const suite = Mocha.Suite.create(current(), e.title);
          stack.push(suite);
          runner.emit(c.EVENT_SUITE_BEGIN, suite);
          break;
        }
        case 'suiteEnd':
          if (stack.length > 1) runner.emit(c.EVENT_SUITE_END, stack.pop());
          break;
        case 'pass': {
          const test = addTest(e.title, e.durationMs, 'passed');
          test.slow(e.slowMs);
          passes++;
          runner.emit(c.EVENT_TEST_BEGIN, test);
          runner.emit(c.EVENT_TEST_PASS, test);
          runner.emit(c.EVENT_TEST_END, test);
          break;
        }
        case 'fail': {
          const err = Object.assign(new Error(e.err.message), e.err);
          err.stack = e.err.stack ?? e.err.message;
          if (bundlePath) err.stack = sourceMappedStack(err.stack, bundlePath);
          fail(e.title, err);
          break;
        }
        case 'pending': {
          const test = addTest(e.title, 0, undefined);
          test.pending = true;
          runner.emit(c.EVENT_TEST_PENDING, test);
          break;
        }
        case 'fatal':
          fail('test runner (inside the extension host)', Object.assign(new Error(e.message), { stack: e.message }));
          break;
        case 'hello':
        case 'end':
        case 'ui':
          break;
      }
    },
    finish(extraFailure): void {
      if (ended) return;
      ended = true;
      if (extraFailure) fail(extraFailure.title, Object.assign(new Error(extraFailure.message), { stack: extraFailure.message }));
      while (stack.length > 1) runner.emit(c.EVENT_SUITE_END, stack.pop());
      runner.emit(c.EVENT_SUITE_END, root);
      runner.emit(c.EVENT_RUN_END);
    },
  };
}
