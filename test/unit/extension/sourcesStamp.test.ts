// What an engine session was built from (src/extension/engine/sourcesStamp.ts): the stamp stays while nothing changes
// and changes with the config file and the `.env` file the session reads, and with nothing else.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourcesStamp } from '../../../src/extension/engine/sourcesStamp';

describe('sourcesStamp', () => {
  let dir: string;
  let root: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'po-stamp-'));
    root = join(dir, 'pkg');
    mkdirSync(root);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stays while nothing changes, and ignores other files', () => {
    writeFileSync(join(root, 'promptops.config.yaml'), 'concurrency: 2\n');
    const first = sourcesStamp(root);
    assert.equal(sourcesStamp(root), first);
    writeFileSync(join(root, 'notes.txt'), 'x');
    writeFileSync(join(root, 'a.prompt'), 'x');
    assert.equal(sourcesStamp(root), first);
  });

  it('changes when a config file is created, edited (same size too), or deleted, under either name', () => {
    const none = sourcesStamp(root);
    writeFileSync(join(root, 'promptops.config.yml'), 'concurrency: 2\n');
    const created = sourcesStamp(root);
    assert.notEqual(created, none);
    writeFileSync(join(root, 'promptops.config.yml'), 'concurrency: 3\n');
    utimesSync(join(root, 'promptops.config.yml'), new Date(), new Date(Date.now() + 5_000));
    const edited = sourcesStamp(root);
    assert.notEqual(edited, created, 'same size, new time');
    writeFileSync(join(root, 'promptops.config.yaml'), 'concurrency: 4\n');
    assert.notEqual(sourcesStamp(root), edited);
    rmSync(join(root, 'promptops.config.yaml'));
    rmSync(join(root, 'promptops.config.yml'));
    assert.equal(sourcesStamp(root), none);
  });

  // As the config loader finds a config file, and the session's credentials a .env file.
  for (const { what, aboveName, ownName } of [
    { what: 'config', aboveName: 'promptops.config.yaml', ownName: 'promptops.config.yml' },
    { what: '.env', aboveName: '.env', ownName: '.env' },
  ]) {
    it(`follows the nearest ${what} at or above the root, and only that one`, () => {
      writeFileSync(join(dir, aboveName), 'A=1\n');
      const above = sourcesStamp(root);
      writeFileSync(join(dir, aboveName), 'A=12\n');
      const aboveEdited = sourcesStamp(root);
      assert.notEqual(aboveEdited, above, `the ${what} above the root is read while the root has none`);
      writeFileSync(join(root, ownName), 'B=1\n');
      const own = sourcesStamp(root);
      assert.notEqual(own, aboveEdited, `a ${what} in the root itself now wins`);
      writeFileSync(join(dir, aboveName), 'A=123\n');
      assert.equal(sourcesStamp(root), own, `the ${what} above is no longer read`);
    });
  }
});
