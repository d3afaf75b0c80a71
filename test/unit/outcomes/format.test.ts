import * as assert from 'node:assert/strict';
import { formatCost, formatLatency, formatPercent, formatScore, formatTokens, formatWhen, tryParseJson } from '../../../webview-ui/outcomes/format';
import { trendBars } from '../../../webview-ui/outcomes/trendBars';

describe('outcomes formats', () => {
  it('formats latency from milliseconds to minutes', () => {
    assert.deepEqual([850.4, 1234, 12_345, 125_000].map(formatLatency), ['850 ms', '1.23 s', '12.3 s', '2 min 5 s']);
    assert.equal(formatLatency(undefined), '');
    assert.equal(formatLatency(Number.NaN), '');
  });

  it('formats cost with enough digits for cheap calls', () => {
    assert.deepEqual([0, 0.00042, 0.013, 1.2].map(formatCost), ['$0', '$0.00042', '$0.013', '$1.20']);
    assert.equal(formatCost(undefined), '');
  });

  it('formats tokens, scores and percentages', () => {
    assert.equal(formatTokens(120, 45), '120 → 45');
    assert.equal(formatTokens(undefined, 45), '→ 45');
    assert.equal(formatTokens(120, undefined), '120 →');
    assert.equal(formatTokens(undefined, undefined), '');
    assert.equal(formatScore(0.5), '0.50');
    assert.equal(formatScore(undefined), '');
    assert.equal(formatPercent(2 / 3), '67%');
  });

  it('says when relative to now, then the date', () => {
    const now = Date.UTC(2026, 10, 27, 12);
    assert.equal(formatWhen(now - 10_000, now), 'just now');
    assert.equal(formatWhen(now - 5 * 60_000, now), '5 min ago');
    assert.equal(formatWhen(now - 3 * 3_600_000, now), '3 h ago');
    assert.equal(formatWhen(now - 4 * 86_400_000, now), '4 d ago');
    assert.equal(formatWhen(Date.UTC(2026, 0, 2), now), '2026-01-02');
  });

  it('detects JSON output and leaves text alone', () => {
    assert.deepEqual(tryParseJson(' {"a": [1, 2]} '), { value: { a: [1, 2] } });
    assert.deepEqual(tryParseJson('42'), { value: 42 });
    assert.equal(tryParseJson('Yes, within 30 days.'), undefined);
    assert.equal(tryParseJson('{not json'), undefined);
    assert.equal(tryParseJson(''), undefined);
  });

  it('draws one bar per run, the slowest at full height, runs without latency as short bars', () => {
    const bars = trendBars({ passRate: 0.5, points: [{ status: 'passed', latencyMs: 100 }, { status: 'failed', latencyMs: 200 }, { status: 'errored' }] }, 60, 14);
    assert.equal(bars.length, 3);
    assert.deepEqual(bars.map((b) => b.status), ['passed', 'failed', 'errored']);
    assert.equal(bars[1].h, 14);
    assert.equal(bars[1].y, 0);
    assert.equal(bars[0].h, 7);
    assert.equal(bars[2].h, 2);
    assert.deepEqual(bars.map((b) => b.x), [0, 20, 40]);
    assert.deepEqual(trendBars({ passRate: 0, points: [] }, 60, 14), []);
  });
});
