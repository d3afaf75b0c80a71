import * as assert from 'node:assert/strict';
import { ConsoleReporter } from '../../../src/cli/reporters/console';
import { githubAnnotations, jsonReport, junitReport } from '../../../src/cli/reporters/machine';
import { runCases } from '../../../src/core/runner/execute';
import { combinePlans, planFile } from '../../../src/core/runner/plan';
import type { RunPlan, RunSummary } from '../../../src/core/runner/types';
import { doc, fakeDeps, FakeProvider, spec, testSpec } from '../runner/fakes';
import { evaluateAssertions } from '../../../src/core/assertions/registry';

// sax ships without types; this is the slice of its API the test uses.
interface SaxParser {
  onerror: (e: Error) => void;
  onopentag: (tag: { name: string; attributes: Record<string, string> }) => void;
  write(s: string): SaxParser;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sax = require('sax') as { parser(strict: boolean): SaxParser };

function parseXml(text: string): { name: string; attributes: Record<string, string> }[] {
  const tags: { name: string; attributes: Record<string, string> }[] = [];
  const p = sax.parser(true);
  p.onerror = (e) => {
    throw e;
  };
  p.onopentag = (t) => tags.push(t);
  p.write(text).close();
  return tags;
}

async function sampleRun(): Promise<{ summary: RunSummary; plan: RunPlan }> {
  const p = new FakeProvider();
  p.reply = (req) => {
    const text = JSON.stringify(req.messages);
    if (text.includes('boom')) throw Object.assign(new Error('HTTP 500 <server> & "friends"'), { kind: 'server' });
    return text.includes('evil') ? 'bad \u0007 <b>&"\n' : 'good';
  };
  const assertion = { ...spec('equals', 'good'), range: { start: { line: 9, character: 8 }, end: { line: 9, character: 20 } } };
  const plan = combinePlans([
    await planFile(
      doc([
        testSpec('passes', { vars: { word: 'ok' }, assert: [assertion] }),
        testSpec('fails, badly: <xml>', { vars: { word: 'evil' }, assert: [assertion] }),
        testSpec('errors', { vars: { word: 'boom' } }),
      ]),
      '/ws/prompts/a.prompt',
    ),
  ]);
  return { summary: await runCases(plan, fakeDeps([p])), plan };
}

describe('cli reporters', () => {
  it('junit: well-formed XML with failures and errors counted and escaped', async () => {
    const { summary, plan } = await sampleRun();
    const xml = junitReport(summary, plan, '/ws');
    const tags = parseXml(xml);
    const root = tags.find((t) => t.name === 'testsuites');
    assert.deepEqual([root?.attributes.tests, root?.attributes.failures, root?.attributes.errors], ['3', '1', '1']);
    const cases = tags.filter((t) => t.name === 'testcase');
    assert.deepEqual(cases.map((c) => c.attributes.name), ['passes [fake/m1]', 'fails, badly: <xml> [fake/m1]', 'errors [fake/m1]']);
    assert.equal(cases[0].attributes.classname, 'prompts/a.prompt');
    assert.match(tags.find((t) => t.name === 'failure')?.attributes.message ?? '', /^equals: expected good/);
    assert.equal(tags.find((t) => t.name === 'error')?.attributes.type, 'server');
  });

  it('json: parses, with totals, tests and cases with assertion lines', async () => {
    const { summary, plan } = await sampleRun();
    const report = JSON.parse(jsonReport(summary, plan, '/ws')) as {
      summary: { passed: number; failed: number; errors: number; cases: number };
      tests: { status: string }[];
      cases: { id: string; file: string; status: string; output: string | null; assertions: { line: number; pass: boolean }[]; error: { kind: string } | null }[];
    };
    assert.deepEqual([report.summary.passed, report.summary.failed, report.summary.errors, report.summary.cases], [1, 1, 1, 3]);
    assert.deepEqual(report.tests.map((t) => t.status), ['passed', 'failed', 'error']);
    assert.equal(report.cases[1].file, 'prompts/a.prompt');
    assert.equal(report.cases[1].output, 'bad \u0007 <b>&"\n');
    assert.deepEqual(report.cases[1].assertions, [{ type: 'equals', pass: false, score: 0, reason: 'expected good, got bad \u0007 <b>&"\n', line: 10 }]);
    assert.equal(report.cases[2].error?.kind, 'server');
  });

  it('github: one annotation per failing assertion line and per error, escaped', async () => {
    const { summary, plan } = await sampleRun();
    const lines = githubAnnotations(summary, plan, '/ws').trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^::error file=prompts\/a\.prompt,line=10,col=9,title=promptops%3A fails%2C badly%3A <xml> \[fake\/m1\]::equals: expected good, got bad/);
    assert.ok(lines[0].endsWith('%0A'), 'newlines in the message are escaped');
    assert.match(lines[1], /^::error file=prompts\/a\.prompt,line=6,col=3,.*::server: HTTP 500/);
  });

  it('console: plain lines without a terminal, then failures and a summary table', async () => {
    const p = new FakeProvider();
    const plan = combinePlans([await planFile(doc([testSpec('one', { vars: { word: 'x' }, assert: [spec('equals', 'nope')] }), testSpec('two')]), '/ws/a.prompt')]);
    let text = '';
    const reporter = new ConsoleReporter({ write: (t) => (text += t), isTTY: false }, '/ws', plan.cases.length);
    const summary = await runCases(plan, fakeDeps([p]), { onEvent: (e) => reporter.onEvent(e) });
    reporter.finish(summary, plan);
    assert.ok(!text.includes('\r'), 'no progress redraws without a terminal');
    assert.match(text, /^✗ a\.prompt:6 one › fake\/m1 \(5 ms\)$/m);
    assert.match(text, /^✓ a\.prompt:6 two › fake\/m1/m);
    assert.match(text, /Failures:\n\n✗ one › fake\/m1\n {4}a\.prompt:1: equals: expected nope, got echo:Say x/);
    assert.match(text, /^✗ +a\.prompt +one +fake\/m1 +0\/1/m);
    assert.match(text, /1 passed, 1 failed, 0\/2 cached/);
  });

  it('console: the summary table averages the latency of calls really made, and says cached when none was', async () => {
    const p = new FakeProvider();
    const plan = combinePlans([await planFile(doc([testSpec('fresh'), testSpec('from cache'), testSpec('mixed', { repeat: 2 })]), '/ws/a.prompt')]);
    const ran = await runCases(plan, fakeDeps([p]));
    // A cached reply carries the latency of its first fetch.
    const cachedIndexes = new Set([plan.cases.find((c) => c.testName === 'from cache')!.index, plan.cases.find((c) => c.testName === 'mixed')!.index]);
    const summary = { ...ran, results: ran.results.map((r) => (cachedIndexes.has(r.index) ? { ...r, cached: true, latencyMs: 9_000 } : r)) };
    let text = '';
    new ConsoleReporter({ write: (t) => (text += t), isTTY: false }, '/ws', plan.cases.length).finish(summary, plan);
    assert.match(text, /^✓ +a\.prompt +fresh +fake\/m1 +1\/1 +5 ms/m);
    assert.match(text, /^✓ +a\.prompt +from cache +fake\/m1 +1\/1 +cached /m);
    assert.match(text, /^✓ +a\.prompt +mixed +fake\/m1 +2\/2 +5 ms/m);
    assert.doesNotMatch(text, /9\.0 s|9000/);
  });

  it('console: an assertion that could not be judged is said once, at its own line, not again as the case error', async () => {
    const plan = combinePlans([await planFile(doc([testSpec('graded', { vars: { word: 'x' }, assert: [spec('llm-rubric', 'is polite')] })]), '/ws/a.prompt')]);
    let text = '';
    const reporter = new ConsoleReporter({ write: (t) => (text += t), isTTY: false }, '/ws', plan.cases.length);
    // The real assertion engine, which reports the missing grader as an assertion that could not be judged.
    const summary = await runCases(plan, { ...fakeDeps([new FakeProvider()]), evaluate: evaluateAssertions }, { onEvent: (e) => reporter.onEvent(e) });
    reporter.finish(summary, plan);
    assert.equal(summary.results[0].error?.kind, 'assertion', 'the case error is the assertion\'s');
    const failures = text.slice(text.indexOf('Failures:'));
    assert.equal(failures.match(/needs a grader model/g)?.length, 1, failures);
    assert.match(failures, /\n {4}a\.prompt:1: llm-rubric: grader call failed: llm-rubric needs a grader model: set `provider:` on the assertion/);
  });
});

describe('cli console reporter, one cause for many cases', () => {
  it('prints a repeated error in full once, then names the case that showed it', async () => {
    const p = new FakeProvider();
    p.reply = () => {
      throw Object.assign(new Error('refused to send KEY to http://127.0.0.1:9/v1: approve it first'), { kind: 'config' });
    };
    const plan = combinePlans([await planFile(doc([testSpec('first'), testSpec('second'), testSpec('third')]), '/ws/a.prompt')]);
    let text = '';
    const reporter = new ConsoleReporter({ write: (t) => (text += t), isTTY: false }, '/ws', plan.cases.length);
    const summary = await runCases(plan, fakeDeps([p]), { concurrency: 1, onEvent: (e) => reporter.onEvent(e) });
    reporter.finish(summary, plan);
    const failures = text.slice(text.indexOf('Failures:'), text.indexOf('\n\n', text.lastIndexOf('! third')));
    assert.equal(failures.match(/approve it first/g)?.length, 1, failures);
    assert.match(failures, /! first › fake\/m1\n {4}a\.prompt:6: config: refused to send KEY/);
    assert.match(failures, /! second › fake\/m1\n {4}a\.prompt:6: config: the same error as "first › fake\/m1"/);
    assert.match(failures, /! third › fake\/m1\n {4}a\.prompt:6: config: the same error as "first › fake\/m1"/);
  });
});

describe('cli console reporter on a terminal', () => {
  it('redraws one progress line, prints failures above it, and clears it before the summary', async () => {
    const p = new FakeProvider();
    const plan = combinePlans([await planFile(doc([testSpec('bad', { vars: { word: 'x' }, assert: [spec('equals', 'nope')] }), testSpec('good')]), '/ws/a.prompt')]);
    let text = '';
    const reporter = new ConsoleReporter({ write: (t) => (text += t), isTTY: true, columns: 80 }, '/ws', plan.cases.length);
    const summary = await runCases(plan, fakeDeps([p]), { concurrency: 1, onEvent: (e) => reporter.onEvent(e) });
    reporter.finish(summary, plan);
    // eslint-disable-next-line no-control-regex -- the terminal's erase-line sequence is what is under test
    assert.match(text, /\r\x1b\[K\[2\/2\] ✓ 1 ✗ 1 ! 0 · 0 cached/, 'the final progress line is drawn');
    // eslint-disable-next-line no-control-regex -- as above
    assert.match(text, /(^|\r\x1b\[K)✗ a\.prompt:6 bad › fake\/m1 \(5 ms\)\n/, 'a failure is printed on its own line');
    assert.ok(!/✓ a\.prompt:6 good/.test(text), 'passing cases are not listed one by one on a terminal');
    const beforeSummary = text.slice(0, text.indexOf('Failures:'));
    assert.ok(beforeSummary.endsWith('\r\x1b[K\n'), 'the progress line is cleared before the summary');
  });
});
