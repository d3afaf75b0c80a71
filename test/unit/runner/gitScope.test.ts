import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileSystem } from '../../../src/core/io';
import { gitInfoInRepos } from '../../../src/core/runner/gitScope';
import { gitInfo } from '../../../src/core/versions/git';

const fs: FileSystem = {
  readFile: () => Promise.reject(new Error('not used')),
  exists: (path) => stat(path).then(() => true, () => false),
};

/** A gitInfo stand-in that counts the files it was asked about. */
function countingGit(): { asked: string[]; info: (filePath: string) => Promise<{ commit: string; dirty: boolean }> } {
  const asked: string[] = [];
  return { asked, info: (filePath) => (asked.push(filePath), Promise.resolve({ commit: 'c'.repeat(40), dirty: false })) };
}

describe('git info for run records', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'po-gitscope-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('does not start git for a file with no .git above it', async () => {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    const git = countingGit();
    const info = gitInfoInRepos(fs, git.info, {});
    assert.equal(await info(join(dir, 'a', 'b', 'p.prompt')), undefined);
    assert.deepEqual(git.asked, []);
  });

  it('asks git when a folder above holds .git, a folder or a worktree’s file', async () => {
    mkdirSync(join(dir, 'repo', '.git'), { recursive: true });
    mkdirSync(join(dir, 'repo', 'prompts'));
    mkdirSync(join(dir, 'worktree', 'x'), { recursive: true });
    writeFileSync(join(dir, 'worktree', '.git'), 'gitdir: /elsewhere\n');
    const git = countingGit();
    const info = gitInfoInRepos(fs, git.info, {});
    assert.equal((await info(join(dir, 'repo', 'prompts', 'p.prompt')))?.commit, 'c'.repeat(40));
    assert.ok(await info(join(dir, 'worktree', 'x', 'q.prompt')));
    assert.deepEqual(git.asked, [join(dir, 'repo', 'prompts', 'p.prompt'), join(dir, 'worktree', 'x', 'q.prompt')]);
  });

  it('asks git for a folder linked into a repository, and whenever GIT_DIR or GIT_WORK_TREE is set', async () => {
    mkdirSync(join(dir, 'repo', '.git'), { recursive: true });
    mkdirSync(join(dir, 'repo', 'prompts'));
    mkdirSync(join(dir, 'outside'));
    symlinkSync(join(dir, 'repo', 'prompts'), join(dir, 'outside', 'linked'));
    const git = countingGit();
    assert.ok(await gitInfoInRepos(fs, git.info, {})(join(dir, 'outside', 'linked', 'p.prompt')));
    mkdirSync(join(dir, 'plain'));
    assert.ok(await gitInfoInRepos(fs, git.info, { GIT_DIR: '/somewhere/.git' })(join(dir, 'plain', 'p.prompt')));
    assert.ok(await gitInfoInRepos(fs, git.info, { GIT_WORK_TREE: '/somewhere' })(join(dir, 'plain', 'p.prompt')));
    assert.equal(git.asked.length, 3);
  });

  it('gives what git gives in a real repository', async function () {
    this.timeout(20_000);
    const { execFileSync } = await import('node:child_process');
    const repo = join(dir, 'real');
    mkdirSync(repo);
    execFileSync('git', ['init', '-q'], { cwd: repo });
    writeFileSync(join(repo, 'p.prompt'), 'hi\n');
    execFileSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '--allow-empty', '-m', 'x'], { cwd: repo });
    const file = join(repo, 'p.prompt');
    assert.deepEqual(await gitInfoInRepos(fs, gitInfo, {})(file), await gitInfo(file));
    assert.ok((await gitInfo(file))?.commit.match(/^[0-9a-f]{40}$/));
  });
});
