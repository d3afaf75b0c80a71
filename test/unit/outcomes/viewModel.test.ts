import * as assert from 'node:assert/strict';
import type { FilterState, SortState } from '../../../src/protocol/outcomes';
import { buildRows, computeTrend, countRows, indexOutcomes, sortRows, testKey, type ViewOptions } from '../../../webview-ui/outcomes/viewModel';
import { makeSummary, manySummaries } from './fixtures';

const noFilter: FilterState = { status: 'all', model: '', versionId: '', text: '' };
const byTest: SortState = { key: 'test', descending: false };

function view(over: Partial<ViewOptions> = {}, filters: Partial<FilterState> = {}): ViewOptions {
  return { filters: { ...noFilter, ...filters }, sort: byTest, mode: 'latest', ...over };
}

const ids = (rows: { outcome: { id: string } }[]): string[] => rows.map((r) => r.outcome.id);

describe('outcomes view-model', () => {
  it('keys a test case by prompt, test, case and model', () => {
    const a = makeSummary();
    assert.equal(testKey(a), testKey(makeSummary({ id: 'other', time: 5 })));
    assert.notEqual(testKey(a), testKey(makeSummary({ model: 'anthropic/claude' })));
    assert.notEqual(testKey(a), testKey(makeSummary({ caseKey: 'refund row 2' })));
    assert.notEqual(testKey(a), testKey(makeSummary({ promptPath: '/ws/other.prompt' })));
  });

  it('shows the latest run per test case with its trend and run count', () => {
    const runs = [
      makeSummary({ id: 'a1', time: 1, status: 'passed', latencyMs: 100 }),
      makeSummary({ id: 'a3', time: 3, status: 'failed', latencyMs: 300 }),
      makeSummary({ id: 'a2', time: 2, status: 'passed', latencyMs: 200 }),
      makeSummary({ id: 'b1', time: 1, testName: 'greeting', caseKey: 'greeting' }),
    ];
    const rows = buildRows(indexOutcomes(runs), view());
    assert.deepEqual(ids(rows), ['b1', 'a3']);
    const refund = rows[1];
    assert.equal(refund.runs, 3);
    assert.deepEqual(refund.trend?.points.map((p) => p.latencyMs), [100, 200, 300]);
    assert.equal(refund.trend?.passRate, 2 / 3);
  });

  it('limits a trend to the last runs, oldest first', () => {
    const runs = Array.from({ length: 30 }, (_, i) => makeSummary({ id: `r${i}`, time: i, latencyMs: i, status: i < 25 ? 'failed' : 'passed' }));
    const trend = computeTrend(runs, 10);
    assert.deepEqual(trend.points.map((p) => p.latencyMs), [20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    assert.equal(trend.passRate, 0.5);
    assert.deepEqual(computeTrend([], 10), { passRate: 0, points: [] });
  });

  it('lists every run in history mode', () => {
    const runs = manySummaries(4, 5);
    const rows = buildRows(indexOutcomes(runs), view({ mode: 'history', sort: { key: 'time', descending: true } }));
    assert.equal(rows.length, 20);
    assert.equal(rows[0].outcome.id, 'o19');
    assert.ok(rows.every((r) => r.trend === undefined));
  });

  it('filters by status', () => {
    const runs = [
      makeSummary({ id: 'p', testName: 'p', caseKey: 'p', status: 'passed' }),
      makeSummary({ id: 'f', testName: 'f', caseKey: 'f', status: 'failed' }),
      makeSummary({ id: 'e', testName: 'e', caseKey: 'e', status: 'errored' }),
    ];
    const index = indexOutcomes(runs);
    assert.deepEqual(ids(buildRows(index, view({}, { status: 'failed' }))), ['f']);
    assert.deepEqual(ids(buildRows(index, view({}, { status: 'passed' }))), ['p']);
    assert.deepEqual(ids(buildRows(index, view({}, { status: 'errored' }))), ['e']);
    assert.equal(buildRows(index, view()).length, 3);
  });

  it('filters by status on the latest run only, not on older ones', () => {
    const runs = [makeSummary({ id: 'old', time: 1, status: 'failed' }), makeSummary({ id: 'new', time: 2, status: 'passed' })];
    assert.deepEqual(ids(buildRows(indexOutcomes(runs), view({}, { status: 'failed' }))), []);
    assert.deepEqual(ids(buildRows(indexOutcomes(runs), view({ mode: 'history' }, { status: 'failed' }))), ['old']);
  });

  it('marks a run changed when its result or output differs from the previous version', () => {
    const runs = [
      makeSummary({ id: 'v1a', time: 1, versionId: 'v1', status: 'passed', outputHash: 'x' }),
      makeSummary({ id: 'v1b', time: 2, versionId: 'v1', status: 'passed', outputHash: 'x' }),
      makeSummary({ id: 'v2a', time: 3, versionId: 'v2', status: 'failed', outputHash: 'x' }),
      makeSummary({ id: 'v2b', time: 4, versionId: 'v2', status: 'failed', outputHash: 'x' }),
      makeSummary({ id: 'v3a', time: 5, versionId: 'v3', status: 'failed', outputHash: 'x' }),
      makeSummary({ id: 'v4a', time: 6, versionId: 'v4', status: 'failed', outputHash: 'y' }),
    ];
    const index = indexOutcomes(runs);
    // v2 runs differ from v1's last run; v3 equals v2; v4's output differs from v3's.
    assert.deepEqual([...index.changedIds].sort(), ['v2a', 'v2b', 'v4a']);
    assert.deepEqual(ids(buildRows(index, view({}, { status: 'changed' }))), ['v4a']);
    assert.deepEqual(ids(buildRows(index, view({ mode: 'history', sort: { key: 'time', descending: false } }, { status: 'changed' }))), ['v2a', 'v2b', 'v4a']);
  });

  it('never marks the first version of a test as changed', () => {
    const index = indexOutcomes([makeSummary({ id: 'a', time: 1 }), makeSummary({ id: 'b', time: 2, status: 'failed' })]);
    assert.equal(index.changedIds.size, 0);
  });

  it('filters by model and by version, taking the latest run within the version', () => {
    const runs = [
      makeSummary({ id: 'g1', time: 1, versionId: 'v1' }),
      makeSummary({ id: 'g2', time: 2, versionId: 'v2' }),
      makeSummary({ id: 'c1', time: 3, versionId: 'v1', model: 'anthropic/claude' }),
    ];
    const index = indexOutcomes(runs);
    assert.deepEqual(index.models, ['anthropic/claude', 'openai/gpt-4o-mini']);
    assert.deepEqual(index.versions.map((v) => v.id), ['v1', 'v2']);
    assert.deepEqual(ids(buildRows(index, view({}, { model: 'openai/gpt-4o-mini' }))), ['g2']);
    assert.deepEqual(ids(buildRows(index, view({}, { versionId: 'v1' }))).sort(), ['c1', 'g1']);
    assert.deepEqual(ids(buildRows(index, view({}, { versionId: 'v2', model: 'anthropic/claude' }))), []);
  });

  it('matches text in the preview, the test name and host search results, ignoring case', () => {
    const runs = [
      makeSummary({ id: 'a', testName: 'a', caseKey: 'a', outputPreview: 'The REFUND policy' }),
      makeSummary({ id: 'b', testName: 'b', caseKey: 'b', outputPreview: 'nothing here' }),
      makeSummary({ id: 'c', testName: 'c', caseKey: 'c', outputPreview: 'short preview' }),
      makeSummary({ id: 'd', testName: 'Refund edge', caseKey: 'd', outputPreview: '' }),
    ];
    const index = indexOutcomes(runs);
    assert.deepEqual(ids(buildRows(index, view({}, { text: 'refund' }))), ['a', 'd']);
    assert.deepEqual(ids(buildRows(index, view({ textMatches: new Set(['c']) }, { text: 'refund' }))), ['a', 'c', 'd']);
    assert.deepEqual(ids(buildRows(index, view({}, { text: '   ' }))).length, 4);
  });

  it('sorts numbers with missing values last in both directions', () => {
    const runs = [
      makeSummary({ id: 'slow', testName: 's', caseKey: 's', latencyMs: 900 }),
      makeSummary({ id: 'none', testName: 'n', caseKey: 'n', latencyMs: undefined }),
      makeSummary({ id: 'fast', testName: 'f', caseKey: 'f', latencyMs: 10 }),
    ];
    const index = indexOutcomes(runs);
    assert.deepEqual(ids(buildRows(index, view({ sort: { key: 'latency', descending: false } }))), ['fast', 'slow', 'none']);
    assert.deepEqual(ids(buildRows(index, view({ sort: { key: 'latency', descending: true } }))), ['slow', 'fast', 'none']);
  });

  it('sorts test names naturally and statuses failures first', () => {
    const rows = buildRows(indexOutcomes(manySummaries(12, 1)), view());
    assert.deepEqual(rows.slice(0, 3).map((r) => r.outcome.testName), ['test 0', 'test 1', 'test 2']);
    assert.equal(rows[11].outcome.testName, 'test 11');
    const byStatus = sortRows([...rows], { key: 'status', descending: false });
    assert.deepEqual(byStatus.slice(0, 3).map((r) => r.outcome.status), ['failed', 'failed', 'failed']);
    assert.equal(byStatus.at(-1)!.outcome.status, 'passed');
  });

  it('counts rows by status', () => {
    const rows = buildRows(indexOutcomes(manySummaries(10, 1)), view());
    assert.deepEqual(countRows(rows), { passed: 8, failed: 2, errored: 0 });
  });

  it('groups 10,000 runs into their tests', () => {
    const index = indexOutcomes(manySummaries(500, 20));
    assert.equal(index.byKey.size, 500);
    assert.equal(buildRows(index, view()).length, 500);
    assert.equal(buildRows(index, view({ mode: 'history' })).length, 10_000);
    assert.deepEqual(index.versions.map((v) => v.id).slice(0, 2), ['v6', 'v5']);
  });
});
