import * as assert from 'node:assert/strict';
import { diffOutputs, parseJsonOutput } from '../../../src/core/compare/outputDiff';

describe('compare/diffOutputs', () => {
  it('diffs JSON outputs by path, ignoring formatting and key order', () => {
    const left = '{"answer": "yes", "items": [{"name": "a"}, {"name": "b"}], "n": 1}';
    const right = '```json\n{\n  "n": 1,\n  "answer": "no",\n  "items": [{"name": "a"}, {"name": "B"}, {"name": "c"}]\n}\n```';
    assert.deepEqual(diffOutputs(left, right), {
      kind: 'json',
      truncated: false,
      changes: [
        { path: '$.answer', kind: 'changed', before: 'yes', after: 'no' },
        { path: '$.items[1].name', kind: 'changed', before: 'b', after: 'B' },
        { path: '$.items[2]', kind: 'added', after: '{"name":"c"}' },
      ],
    });
    assert.deepEqual(diffOutputs('{"a":1,"b":2}', '{ "b": 2, "a": 1 }'), { kind: 'json', changes: [], truncated: false });
  });

  it('falls back to words when either side is not a JSON object or array', () => {
    assert.equal(diffOutputs('{"a":1}', 'Sorry, I cannot').kind, 'text');
    assert.equal(diffOutputs('42', '43').kind, 'text');
    assert.equal(diffOutputs('{"a":1', '{"a":2').kind, 'text');
    assert.deepEqual(diffOutputs('same', 'same'), { kind: 'same' });
  });

  it('keeps untrusted markup as plain text segments', () => {
    const d = diffOutputs('<b>hi</b>', '<img src=x onerror=alert(1)>');
    assert.equal(d.kind, 'text');
    if (d.kind !== 'text') return;
    assert.equal(d.left.map((s) => s.text).join(''), '<b>hi</b>');
    assert.equal(d.right.map((s) => s.text).join(''), '<img src=x onerror=alert(1)>');
  });

  it('diffs very long text outputs by line and still reproduces both sides', () => {
    const a = Array.from({ length: 2000 }, (_, i) => `line ${i} of the reply`).join('\n');
    const b = a.replace('line 1000 of', 'line one thousand of');
    const d = diffOutputs(a, b);
    assert.equal(d.kind, 'text');
    if (d.kind !== 'text') return;
    assert.equal(d.left.map((s) => s.text).join(''), a);
    assert.equal(d.right.map((s) => s.text).join(''), b);
    assert.deepEqual(d.right.filter((s) => s.changed).map((s) => s.text), ['line one thousand of the reply\n']);
  });

  it('parses fenced and bare JSON objects and arrays only', () => {
    assert.deepEqual(parseJsonOutput('  [1, 2] '), [1, 2]);
    assert.deepEqual(parseJsonOutput('```\n{"a": 1}\n```'), { a: 1 });
    assert.equal(parseJsonOutput('"str"'), undefined);
    assert.equal(parseJsonOutput('Here: {"a":1}'), undefined);
  });
});
