import * as assert from 'node:assert/strict';
import { rowText } from '../../../webview-ui/outcomes/rowText';
import { sparkShape } from '../../../webview-ui/outcomes/sparkShape';
import { makeSummary } from './fixtures';

describe('rowText', () => {
  it('formats a row once and gives the same strings back while the minute lasts', () => {
    const o = makeSummary({ testName: 'refund', caseLabel: 'row 2', latencyMs: 1234, cached: true, costUsd: 0.013, time: Date.UTC(2026, 10, 27, 9, 0, 0) });
    const now = Date.UTC(2026, 10, 27, 9, 5, 10);
    const t = rowText(o, false, now);
    assert.equal(t.test, 'refund (row 2)');
    assert.equal(t.when, '5 min ago');
    // The model (20) is its own text, then: its padding and a gap, score (5), latency (10), tokens (12), when (10),
    // each followed by two spaces; then version (12); then cost (10); the cached mark is shown apart (figures.ts).
    assert.equal(t.model, o.model);
    assert.equal(t.lead, `${' '.repeat(20 - o.model.length)}   1.00      1.23 s        10 → 5  5 min ago   `);
    assert.equal(t.version, 'abc1234', 'the label alone, so its underline (when changed) stops with it');
    assert.equal(t.tail, '     ' + '  ' + '    $0.013', 'the rest of the version field, the gap and the cost');
    assert.equal(rowText({ ...o, cached: false }, false, now).tail, '     ' + '  ' + '    $0.013  ', 'blanks where a cached run has its mark');
    assert.equal(rowText(o, false, now + 20_000), t, 'the same object within the minute');
    assert.equal(rowText(o, false, now + 20_000).when, '5 min ago');
    const later = rowText(o, false, now + 60_000);
    assert.equal(later.when, '6 min ago', 'a relative time moves on with the minute');
    assert.equal(later.lead, `${' '.repeat(20 - o.model.length)}   1.00      1.23 s        10 → 5  6 min ago   `, 'and the figures with it');
  });

  it('prefixes the prompt in the all-prompts list, apart from the one-prompt text', () => {
    const o = makeSummary({ promptLabel: 'a/b.prompt', testName: 'tone' });
    assert.equal(rowText(o, true, Date.now()).test, 'a/b.prompt › tone');
    assert.equal(rowText(o, false, Date.now()).test, 'tone');
  });

  it('puts the failing reason before the output of a failed row, not of a passed one', () => {
    const failed = makeSummary({ status: 'failed', message: 'expected "days"', outputPreview: 'No.' });
    assert.equal(rowText(failed, false, Date.now()).output, 'expected "days" — No.');
    const passed = makeSummary({ status: 'passed', message: 'ignored', outputPreview: 'Yes.' });
    assert.equal(rowText(passed, false, Date.now()).output, 'Yes.');
  });
});

describe('sparkShape', () => {
  it('gives the trend its pass rate and a label with the runs and mean latency', () => {
    const trend = { passRate: 0.5, points: [{ status: 'passed' as const, latencyMs: 100 }, { status: 'failed' as const, latencyMs: 200 }, { status: 'passed' as const, latencyMs: 300 }, { status: 'errored' as const }] };
    const shape = sparkShape(trend);
    assert.equal(shape.rate, '50%');
    assert.equal(shape.label, '4 runs, 50% passed, mean latency 200 ms');
    assert.equal(sparkShape(trend), shape, 'computed once per trend');
  });
});
