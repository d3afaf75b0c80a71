// The parse caches must not keep old versions of an edited file alive. V8 keeps a slice's whole parent string alive,
// and so does a string concatenated from one: cached template pieces, frontmatter chunks and frontmatter stages keyed
// (or read) by slices once held the whole text of every version typed, ~2 MB per keystroke in the file below.
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { largePrompt } from '../../../bench/parseFixture';
import { clearParseCaches, parse } from '../../../src/core/promptFile/parse';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('parse caches: no old file versions kept', function () {
  this.timeout(120_000);
  // A 2,000-line prompt with ~2 MB of plain text after its template: every version of it is easy to see in the heap.
  const text = `${largePrompt(2000)}${'Plain closing text of the prompt, with no expressions in it at all.\n'.repeat(30_000)}`;
  const KEYSTROKES = 20;
  // Before the fix each keystroke kept one whole version (~2 MB, so ~40 MB); after it, the new piece or chunk only.
  const LIMIT = 8 * 1024 * 1024;

  afterEach(() => clearParseCaches());

  it('typing in the frontmatter keeps the new chunk, not the text it was cut from', () => {
    clearParseCaches();
    parse(text);
    const before = heapAfterGc();
    for (let i = 0; i < KEYSTROKES; i++) parse(text.replace('value 0-0', `value 0-0 ${i}`));
    const grown = heapAfterGc() - before;
    assert.ok(grown < LIMIT, `the heap grew ${(grown / 1e6).toFixed(1)} MB over ${KEYSTROKES} keystrokes in a ${(text.length / 1e6).toFixed(1)} MB file`);
  });

  it('typing in the template keeps the new piece, not the text it was cut from', () => {
    clearParseCaches();
    parse(text);
    const lines = text.split('\n');
    const before = heapAfterGc();
    for (let i = 0; i < KEYSTROKES; i++) {
      const copy = [...lines];
      copy[1500] = `${copy[1500]} x${i}`;
      parse(copy.join('\n'));
    }
    const grown = heapAfterGc() - before;
    assert.ok(grown < LIMIT, `the heap grew ${(grown / 1e6).toFixed(1)} MB over ${KEYSTROKES} keystrokes in a ${(text.length / 1e6).toFixed(1)} MB file`);
  });
});
