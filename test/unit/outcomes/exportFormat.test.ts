import * as assert from 'node:assert/strict';
import { csvColumns, csvField, toExportCsv, toExportJson } from '../../../src/extension/outcomes/exportFormat';
import { toDetail } from '../../../src/extension/outcomes/model';
import { makeRecord } from './fixtures';

const resolve = (p: string): string => `/ws/${p}`;

/** A small RFC 4180 reader, so the test checks that what we write reads back, not how it looks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += ch;
  }
  return rows;
}

describe('outcomes export', () => {
  const tricky = 'He said "hi",\r\nthen <img src=x onerror=alert(1)>';
  const details = [
    toDetail(makeRecord({ id: 'a', output: tricky, git: { commit: 'c0ffee', dirty: false } }), resolve),
    toDetail(makeRecord({ id: 'b', output: '=HYPERLINK("http://evil")', pass: false, costUsd: null, error: { kind: 'timeout', message: 'no reply' } }), resolve),
  ];

  it('writes CSV that reads back field for field, with a header', () => {
    const csv = toExportCsv(details);
    assert.ok(csv.endsWith('\r\n'));
    const rows = parseCsv(csv);
    assert.deepEqual(rows[0], [...csvColumns]);
    assert.equal(rows.length, 3);
    const col = (name: (typeof csvColumns)[number]): number => csvColumns.indexOf(name);
    assert.equal(rows[1][col('output')], tricky);
    assert.equal(rows[1][col('commit')], 'c0ffee');
    assert.equal(rows[1][col('model')], 'openai/gpt-4o-mini');
    assert.equal(rows[1][col('time')], '2026-11-27T04:00:00.000Z');
    assert.equal(rows[2][col('status')], 'errored');
    assert.equal(rows[2][col('cost_usd')], '');
    assert.equal(rows[2][col('message')], 'no reply');
  });

  it('defuses spreadsheet formulas in untrusted cells', () => {
    const rows = parseCsv(toExportCsv(details));
    assert.equal(rows[2][csvColumns.indexOf('output')], `'=HYPERLINK("http://evil")`);
    assert.equal(csvField('-1+2'), `'-1+2`);
    assert.equal(csvField(-3), '-3', 'numbers we wrote ourselves stay numbers');
    assert.equal(csvField('@SUM(A1)'), `'@SUM(A1)`);
    assert.equal(csvField(' padded'), '" padded"');
    assert.equal(csvField(undefined), '');
  });

  it('writes JSON with the full output, assertions and version', () => {
    const items = JSON.parse(toExportJson(details)) as Record<string, unknown>[];
    assert.equal(items.length, 2);
    assert.equal(items[0].output, tricky);
    assert.deepEqual(items[0].version, { contentHash: 'a'.repeat(64), commit: 'c0ffee', dirty: false });
    assert.deepEqual(items[0].assertions, [{ type: 'contains', pass: true, score: 1, reason: 'output contains "30 days"' }]);
    assert.equal(items[1].status, 'errored');
    assert.equal(items[1].costUsd, null);
    assert.deepEqual(items[1].error, { kind: 'timeout', message: 'no reply' });
    assert.equal('providerMetaJson' in items[0], false);
  });

  it('exports an empty selection as a header or an empty array', () => {
    assert.equal(toExportCsv([]), `${csvColumns.join(',')}\r\n`);
    assert.equal(toExportJson([]), '[]\n');
  });
});
