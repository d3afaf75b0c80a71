// The template piece cache: after an edit, every piece the edit did not touch is served from the cache, even when
// pieces differ only in characters the cache key does not sample (a number in an otherwise repeated line).
import * as assert from 'node:assert/strict';
import { largePrompt } from '../../../bench/parseFixture';
import { clearParseCaches, parse } from '../../../src/core/promptFile/parse';
import { LineIndex } from '../../../src/core/promptFile/positions';
import { analyseTemplate, cachedPieceCount } from '../../../src/core/promptFile/template';

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

  it('holds at most 4,000 pieces, also when pieces join a slot of their key', () => {
    clearParseCaches();
    const body = (k: number, odd: string): string => {
      // 130 characters: the key samples every second one, so the character at index 1 is never looked at and the
      // digits, at even indexes, always are.
      const digits = [...String(k).padStart(4, '0')].map((d) => `${d}-`).join('');
      const text = `a${odd}${digits} {{x}}`;
      return text.padEnd(130, '.');
    };
    for (let k = 0; k < 4000; k++) analyseTemplate(body(k, 'b'), 0, new LineIndex(body(k, 'b')));
    assert.equal(cachedPieceCount(), 4000);
    // Same keys as pieces already cached, other text: each joins its key's slot.
    for (let k = 0; k < 500; k++) analyseTemplate(body(k, 'c'), 0, new LineIndex(body(k, 'c')));
    assert.equal(cachedPieceCount(), 4000);
    clearParseCaches();
  });
});
