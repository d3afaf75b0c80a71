import * as assert from 'node:assert/strict';
import { decodeLine, encodeLine, encodeLines } from '../../../src/core/store/segmentLine';
import { record } from './fixtures';

describe('history lines encoded in one buffer', () => {
  const records = [
    record(),
    record({ output: 'déjà vu — 日本語 😀 and a lone \ud800 surrogate', promptPath: 'prompts/ünïcode.prompt' }),
    record({ output: '', vars: { s: 'tab\there, newline\nthere, quote " and backslash \\' } }),
    record({ testName: '😀'.repeat(300), output: 'x'.repeat(100_000) }),
  ];

  it('are byte for byte the lines encodeLine writes, one after another', () => {
    const { data } = encodeLines(records);
    assert.deepEqual(data, Buffer.from(records.map(encodeLine).join(''), 'utf8'));
  });

  it('say where each line, its tab and its checksum are, and each line decodes to its record', () => {
    const { data, lines } = encodeLines(records);
    let at = 0;
    lines.forEach((l, i) => {
      const text = encodeLine(records[i]);
      assert.equal(l.len, Buffer.byteLength(text, 'utf8'));
      assert.equal(l.tab, Buffer.byteLength(text.slice(0, text.indexOf('\t')), 'utf8'));
      assert.equal(l.sum, text.slice(0, 8));
      assert.equal(data[at + l.tab], 0x09);
      const entry = decodeLine(data, at, at + l.len - 1);
      assert.equal(entry?.id, records[i].id);
      at += l.len;
    });
    assert.equal(at, data.length);
    assert.deepEqual(encodeLines([]).lines, []);
  });
});
