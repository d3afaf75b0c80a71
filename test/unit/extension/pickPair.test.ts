import * as assert from 'node:assert/strict';
import type { PromptVersion } from '../../../src/core/versions/versions';
import { pickVersionPair, type VersionItem } from '../../../src/extension/diff/pickPair';

const versions: PromptVersion[] = [
  { id: 'workingCopy', ref: { kind: 'workingCopy' }, label: 'working copy' },
  { id: 'head', ref: { kind: 'head' }, label: 'HEAD' },
  { id: 'commit:abc:p.prompt', ref: { kind: 'commit', commit: 'abc', path: 'p.prompt' }, label: 'abc · 5 minutes ago · init', author: 'Ana' },
];

/** A picker that answers from a list and records what it was shown. */
function picker(answers: (string | undefined)[]): { asked: { title: string; items: readonly VersionItem[] }[]; pick: (items: readonly VersionItem[], title: string) => Promise<string | undefined> } {
  const asked: { title: string; items: readonly VersionItem[] }[] = [];
  return { asked, pick: (items, title) => { asked.push({ title, items }); return Promise.resolve(answers.shift()); } };
}

describe('Compare Versions… picks a pair (src/extension/diff/pickPair)', () => {
  it('offers every version on the left, then every other one on the right', async () => {
    const p = picker(['head', 'workingCopy']);
    assert.deepEqual(await pickVersionPair(versions, p.pick), { left: 'head', right: 'workingCopy' });
    assert.deepEqual(p.asked.map((a) => a.title), ['Compare: left version', 'Compare HEAD with…']);
    assert.deepEqual(p.asked[0].items.map((i) => i.id), ['workingCopy', 'head', 'commit:abc:p.prompt']);
    assert.deepEqual(p.asked[1].items.map((i) => i.id), ['workingCopy', 'commit:abc:p.prompt']);
    assert.equal(p.asked[0].items[2].description, 'Ana');
  });

  it('stops when either question is dismissed', async () => {
    const first = picker([undefined]);
    assert.equal(await pickVersionPair(versions, first.pick), undefined);
    assert.equal(first.asked.length, 1);
    assert.equal(await pickVersionPair(versions, picker(['head', undefined]).pick), undefined);
  });
});
