// The template piece cache: after an edit, every piece the edit did not touch is served from the cache, even when
// pieces differ only in characters the cache key does not sample (a number in an otherwise repeated line).
import * as assert from 'node:assert/strict';
import { largePrompt } from '../../../bench/parseFixture';
import { clearParseCaches, parse } from '../../../src/core/promptFile/parse';

describe('template piece cache', () => {
  it('re-reads only the edited piece of a long body of near-identical lines', () => {
    const text = largePrompt(2000);
    const lines = text.split('\n');
    const at = lines.length - 500;
    clearParseCaches();
    const before = parse(text);
    lines[at] = `${lines[at]} typed`;
    const after = parse(lines.join('\n'));
    assert.equal(after.templateNodes.length, before.templateNodes.length);
    // A cached piece's nodes are the very objects the last parse made; a piece read again gets new ones.
    const reread = after.templateNodes.filter((n, i) => n !== before.templateNodes[i]);
    assert.ok(reread.length > 0, 'the edited piece is read again');
    assert.ok(reread.length < 60, `${reread.length} of ${after.templateNodes.length} nodes were read again; only the edited piece's should be`);
    assert.ok(reread.every((n) => Math.abs(n.range.start.line - at) < 40), 'every node read again is near the edit');
  });
});
