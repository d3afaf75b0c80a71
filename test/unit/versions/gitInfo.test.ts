import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitInfo, locateInRepo } from '../../../src/core/versions/git';
import { makeGitRepo, makeTempDir, type TestRepo } from '../../fixtures/gitRepo';

describe('versions/gitInfo', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeGitRepo();
  });
  afterEach(() => repo.cleanup());

  it('returns undefined outside git', async () => {
    const tmp = makeTempDir();
    try {
      writeFileSync(join(tmp.dir, 'a.prompt'), 'hi');
      assert.equal(await gitInfo(join(tmp.dir, 'a.prompt')), undefined);
    } finally {
      tmp.cleanup();
    }
  });

  it('returns undefined in a repository with no commits', async () => {
    repo.write('a.prompt', 'hi');
    assert.equal(await gitInfo(repo.path('a.prompt')), undefined);
  });

  it('reports HEAD and a clean file, then dirty after an edit', async () => {
    repo.write('p/a.prompt', 'one');
    const sha = repo.commit('first');
    assert.deepEqual(await gitInfo(repo.path('p/a.prompt')), { commit: sha, dirty: false });
    repo.write('p/a.prompt', 'two');
    assert.deepEqual(await gitInfo(repo.path('p/a.prompt')), { commit: sha, dirty: true });
  });

  it('judges only the file itself, not other changes in the repository', async () => {
    repo.write('a.prompt', 'one');
    repo.write('b.prompt', 'one');
    const sha = repo.commit('first');
    repo.write('b.prompt', 'changed');
    assert.deepEqual(await gitInfo(repo.path('a.prompt')), { commit: sha, dirty: false });
  });

  it('counts an untracked or ignored file as dirty (HEAD does not hold it)', async () => {
    repo.write('.gitignore', 'ignored.prompt\n');
    repo.write('a.prompt', 'one');
    const sha = repo.commit('first');
    repo.write('new.prompt', 'draft');
    repo.write('ignored.prompt', 'draft');
    assert.deepEqual(await gitInfo(repo.path('new.prompt')), { commit: sha, dirty: true });
    assert.deepEqual(await gitInfo(repo.path('ignored.prompt')), { commit: sha, dirty: true });
  });

  it('works on a detached HEAD', async () => {
    repo.write('a.prompt', 'one');
    const first = repo.commit('first');
    repo.write('a.prompt', 'two');
    repo.commit('second');
    repo.git('checkout', '--quiet', '--detach', first);
    assert.deepEqual(await gitInfo(repo.path('a.prompt')), { commit: first, dirty: false });
  });

  it('handles spaces, unicode, pathspec magic and a leading dash in names', async () => {
    const names = ['my prompts/ré sumé ✓.prompt', ':(glob)*.prompt', '-rf.prompt', '[ab].prompt'];
    for (const n of names) repo.write(n, n);
    repo.write('a.prompt', 'x');
    const sha = repo.commit('names');
    for (const n of names) {
      assert.deepEqual(await gitInfo(repo.path(n)), { commit: sha, dirty: false }, n);
      const loc = await locateInRepo(repo.path(n));
      assert.equal(loc?.relPath, n);
    }
    repo.write('a.prompt', 'y');
    // A literal `[ab].prompt` must not match `a.prompt` as a glob would.
    assert.deepEqual(await gitInfo(repo.path('[ab].prompt')), { commit: sha, dirty: false });
  });

  it('returns undefined for a file in a folder that does not exist', async () => {
    assert.equal(await gitInfo(join(repo.dir, 'nope', 'x.prompt')), undefined);
  });
});
