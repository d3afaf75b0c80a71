import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPromptFiles, globToRegExp } from '../../../src/cli/files';
import { CliError } from '../../../src/cli/io';

describe('cli files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'po-files-'));
    for (const f of ['a.prompt', '_partial.prompt', 'sub/b.prompt', 'sub/deep/c.prompt', 'node_modules/x/d.prompt', '.promptops/e.prompt', 'notes.txt']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), '');
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds prompt files under the folder, skipping partials, dependencies and the store', async () => {
    const files = await findPromptFiles(dir, []);
    assert.deepEqual(files.map((f) => f.slice(dir.length + 1)), ['a.prompt', 'sub/b.prompt', 'sub/deep/c.prompt']);
  });

  it('expands globs and accepts explicit files', async () => {
    assert.deepEqual((await findPromptFiles(dir, ['sub/**/*.prompt'])).map((f) => f.slice(dir.length + 1)), ['sub/b.prompt', 'sub/deep/c.prompt']);
    assert.deepEqual((await findPromptFiles(dir, ['*.prompt', 'sub/b.prompt'])).map((f) => f.slice(dir.length + 1)), ['a.prompt', 'sub/b.prompt']);
  });

  it('fails clearly on a missing path, an empty glob or a non-prompt file', async () => {
    await assert.rejects(findPromptFiles(dir, ['nope.prompt']), (e: unknown) => e instanceof CliError && /nope\.prompt: no such file/.test(e.message));
    await assert.rejects(findPromptFiles(dir, ['zzz/*.prompt']), /no prompt file matches/);
    await assert.rejects(findPromptFiles(dir, ['notes.txt']), /not a \.prompt file/);
  });

  it('translates globs', () => {
    assert.ok(globToRegExp('**/*.prompt').test('a.prompt'));
    assert.ok(globToRegExp('**/*.prompt').test('x/y/a.prompt'));
    assert.ok(!globToRegExp('*.prompt').test('x/a.prompt'));
    assert.ok(globToRegExp('{a,b}?.prompt').test('b1.prompt'));
    assert.ok(!globToRegExp('[ab].prompt').test('c.prompt'));
  });
});
