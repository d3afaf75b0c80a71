import * as assert from 'node:assert/strict';
import { combinePlans, planFile } from '../../../src/core/runner/plan';
import { doc, range0, testSpec } from './fakes';

describe('runner plan', () => {
  it('expands tests × dataset rows × models × repeats with stable ids and merged vars', async () => {
    const d = doc([
      testSpec('greets', { vars: { word: 'hi', lang: 'en' }, dataset: { value: 'file:rows.jsonl', range: range0 }, models: ['a/x', 'b/y'], repeat: 2 }),
      testSpec('plain', { vars: { word: 'yo' } }),
    ]);
    const seen: string[] = [];
    const plan = await planFile(d, '/ws/p.prompt', {
      loadRows: (path) => {
        seen.push(path);
        return Promise.resolve([{ word: 'one' }, { lang: 'fr' }]);
      },
    });
    assert.deepEqual(seen, ['/ws/rows.jsonl']);
    assert.deepEqual(plan.cases.map((c) => c.id), [
      'greets › a/x › row 1 › #1', 'greets › a/x › row 1 › #2', 'greets › b/y › row 1 › #1', 'greets › b/y › row 1 › #2',
      'greets › a/x › row 2 › #1', 'greets › a/x › row 2 › #2', 'greets › b/y › row 2 › #1', 'greets › b/y › row 2 › #2',
      'plain › fake/m1',
    ]);
    assert.deepEqual(plan.cases[0].vars, { word: 'one', lang: 'en' });
    assert.deepEqual(plan.cases[4].vars, { word: 'hi', lang: 'fr' });
    assert.deepEqual(plan.cases.map((c) => c.index), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(plan.cases[0].range.start.line, 5);
    assert.equal(plan.cases[0].groupId, plan.cases[1].groupId);
    assert.notEqual(plan.cases[0].groupId, plan.cases[2].groupId);
  });

  it('picks models: the test, then the command, then the file, then the default', async () => {
    const tests = [testSpec('own', { models: ['t/m'] }), testSpec('other')];
    const byCommand = await planFile(doc(tests), '/p.prompt', { models: ['c/1', 'c/2'], defaultModel: 'd/d' });
    assert.deepEqual(byCommand.cases.map((c) => c.model), ['t/m', 'c/1', 'c/2']);
    const byFile = await planFile(doc(tests), '/p.prompt', { defaultModel: 'd/d' });
    assert.deepEqual(byFile.cases.map((c) => c.model), ['t/m', 'fake/m1']);
    const byDefault = await planFile(doc(tests, null), '/p.prompt', { defaultModel: 'd/d' });
    assert.deepEqual(byDefault.cases.map((c) => c.model), ['t/m', 'd/d']);
  });

  it('filters by grep on the case id and lets --repeat override the test', async () => {
    const plan = await planFile(doc([testSpec('alpha', { repeat: 5 }), testSpec('beta')]), '/p.prompt', { grep: /alph/i, repeat: 3 });
    assert.deepEqual(plan.cases.map((c) => c.id), ['alpha › fake/m1 › #1', 'alpha › fake/m1 › #2', 'alpha › fake/m1 › #3']);
  });

  it('keeps ids unique when test names repeat or are empty', async () => {
    const plan = await planFile(doc([testSpec('same'), testSpec('same'), testSpec('')]), '/p.prompt');
    assert.deepEqual(plan.cases.map((c) => c.testName), ['same [1]', 'same [2]', 'test 3']);
  });

  it('reports an unreadable or empty dataset as a problem and plans no case for that test', async () => {
    const d = doc([testSpec('broken', { dataset: { value: 'file:missing.csv', range: range0 } }), testSpec('ok')]);
    const plan = await planFile(d, '/ws/p.prompt', { loadRows: () => Promise.reject(new Error('ENOENT: no such file')) });
    assert.deepEqual(plan.cases.map((c) => c.testName), ['ok']);
    assert.equal(plan.problems.length, 1);
    assert.match(plan.problems[0].message, /missing\.csv.*ENOENT/);
    const empty = await planFile(d, '/ws/p.prompt', { loadRows: () => Promise.resolve([]) });
    assert.match(empty.problems[0].message, /no rows/);
  });

  it('combines file plans, re-indexing cases in file order', async () => {
    const a = await planFile(doc([testSpec('a1'), testSpec('a2')]), '/a.prompt');
    const b = await planFile(doc([testSpec('b1')]), '/b.prompt');
    const plan = combinePlans([a, b]);
    assert.deepEqual(plan.cases.map((c) => `${c.index}:${c.filePath}:${c.testName}`), ['0:/a.prompt:a1', '1:/a.prompt:a2', '2:/b.prompt:b1']);
    assert.equal(plan.documents.size, 2);
  });
});
