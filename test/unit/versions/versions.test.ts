import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  listVersions, parseVersionId, readVersion, versionId, VersionError,
  type SnapshotSource, type VersionContext, type VersionRef,
} from '../../../src/core/versions/versions';
import { hashText } from '../../../src/core/store/key';
import { makeGitRepo, makeTempDir, type TestRepo } from '../../fixtures/gitRepo';

const day = 24 * 3600;
const t0 = 1_700_000_000;

function fakeSnapshots(entries: Record<string, { text: string; times: number[] }>): SnapshotSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    listSnapshots: (p) => {
      asked.push(p);
      return Promise.resolve(Object.entries(entries).flatMap(([hash, e]) => e.times.map((lastTime) => ({ hash, lastTime }))));
    },
    getSnapshot: (h) => Promise.resolve(entries[h]?.text),
  };
}

async function texts(ctx: VersionContext): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const v of await listVersions(ctx)) out.push([v.label, await readVersion(ctx, v.ref)]);
  return out;
}

describe('versions/listVersions and readVersion', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeGitRepo();
  });
  afterEach(() => repo.cleanup());

  it('lists working copy, HEAD and every revision with labels, following a rename to the old path', async () => {
    repo.write('old name.prompt', 'v1\n');
    const c1 = repo.commit('first draft', t0);
    repo.write('other.txt', 'unrelated');
    repo.commit('unrelated change', t0 + day);
    repo.write('old name.prompt', 'v2\n');
    const c2 = repo.commit('tighten the tone', t0 + 2 * day);
    repo.move('old name.prompt', 'prompts/ré sumé.prompt');
    const c3 = repo.commit('move it', t0 + 3 * day);
    repo.write('prompts/ré sumé.prompt', 'v3\n');
    const c4 = repo.commit('v3', t0 + 4 * day);
    repo.write('prompts/ré sumé.prompt', 'v4 unsaved on disk\n');
    const ctx: VersionContext = {
      filePath: repo.path('prompts/ré sumé.prompt'),
      unsavedText: 'buffer\n',
      clock: { now: () => (t0 + 6 * day) * 1000 },
    };
    const versions = await listVersions(ctx);
    assert.deepEqual(versions.map((v) => v.label), [
      'unsaved',
      'working copy',
      'HEAD',
      `${c4.slice(0, 7)} · 2 days ago · v3`,
      `${c3.slice(0, 7)} · 3 days ago · move it`,
      `${c2.slice(0, 7)} · 4 days ago · tighten the tone`,
      `${c1.slice(0, 7)} · 6 days ago · first draft`,
    ]);
    const byCommit = new Map(versions.map((v) => [v.commit, v]));
    assert.equal(byCommit.get(c2)?.renamedFrom, 'old name.prompt');
    assert.equal(byCommit.get(c4)?.renamedFrom, undefined);
    assert.deepEqual((await texts(ctx)).map(([, t]) => t), ['buffer\n', 'v4 unsaved on disk\n', 'v3\n', 'v3\n', 'v2\n', 'v2\n', 'v1\n']);
  });

  it('lists only working copy and snapshots for a file with no history in a repository with commits', async () => {
    repo.write('a.prompt', 'a');
    repo.commit('first');
    repo.write('new.prompt', 'draft');
    const snaps = fakeSnapshots({ h1: { text: 'older draft', times: [t0 * 1000] } });
    const ctx: VersionContext = { filePath: repo.path('new.prompt'), storePath: 'new.prompt', snapshots: snaps, timeZone: 'UTC', clock: { now: () => t0 * 1000 + 60_000 } };
    assert.deepEqual(await texts(ctx), [['working copy', 'draft'], ['run snapshot · 22:13', 'older draft']]);
    assert.deepEqual(snaps.asked, ['new.prompt']);
    await assert.rejects(readVersion(ctx, { kind: 'head' }), (e: unknown) => e instanceof VersionError && /HEAD does not contain new\.prompt/.test(e.message));
  });

  it('says which listed version a run snapshot has the same text as', async () => {
    repo.write('p.prompt', 'committed');
    repo.commit('first', t0);
    repo.write('p.prompt', 'edited');
    const entries = { [hashText('committed')]: { text: 'committed', times: [t0 * 1000] }, [hashText('edited')]: { text: 'edited', times: [t0 * 1000 + 60_000] }, other: { text: 'older', times: [t0 * 1000 - 60_000] } };
    const ctx: VersionContext = { filePath: repo.path('p.prompt'), storePath: 'p.prompt', snapshots: fakeSnapshots(entries), timeZone: 'UTC', clock: { now: () => t0 * 1000 + 120_000 } };
    const labels = (await listVersions(ctx)).filter((v) => v.ref.kind === 'snapshot').map((v) => v.label);
    assert.deepEqual(labels, ['run snapshot · 22:14 · same text as working copy', 'run snapshot · 22:13 · same text as HEAD', 'run snapshot · 22:12']);
    const unsaved = (await listVersions({ ...ctx, unsavedText: 'committed' })).filter((v) => v.ref.kind === 'snapshot').map((v) => v.label);
    assert.equal(unsaved[1], 'run snapshot · 22:13 · same text as unsaved');
  });

  it('works in a repository with no commits', async () => {
    repo.write('a.prompt', 'a');
    const ctx: VersionContext = { filePath: repo.path('a.prompt') };
    assert.deepEqual(await texts(ctx), [['working copy', 'a']]);
    await assert.rejects(readVersion(ctx, { kind: 'head' }), VersionError);
  });

  it('works on a detached HEAD: HEAD is the checked-out commit and history stops there', async () => {
    repo.write('a.prompt', 'one');
    const c1 = repo.commit('one', t0);
    repo.write('a.prompt', 'two');
    repo.commit('two', t0 + day);
    repo.git('checkout', '--quiet', '--detach', c1);
    const ctx: VersionContext = { filePath: repo.path('a.prompt'), clock: { now: () => (t0 + day) * 1000 } };
    assert.deepEqual(await texts(ctx), [['working copy', 'one'], ['HEAD', 'one'], [`${c1.slice(0, 7)} · 1 day ago · one`, 'one']]);
    const head = (await listVersions(ctx)).find((v) => v.id === 'head');
    assert.equal(head?.commit, c1);
  });

  it('omits HEAD when the file was deleted in HEAD but still lists its history', async () => {
    repo.write('a.prompt', 'one');
    const c1 = repo.commit('one', t0);
    repo.remove('a.prompt');
    repo.commit('delete', t0 + day);
    repo.write('a.prompt', 'back');
    const ctx: VersionContext = { filePath: repo.path('a.prompt'), clock: { now: () => (t0 + day) * 1000 } };
    const versions = await listVersions(ctx);
    assert.deepEqual(versions.map((v) => v.id), ['workingCopy', `commit:${c1}:a.prompt`]);
  });

  it('works outside git: only the file and its snapshots, deduplicated by content hash, newest first', async () => {
    const tmp = makeTempDir();
    try {
      const file = join(tmp.dir, 'x y.prompt');
      writeFileSync(file, 'now');
      const now = Date.UTC(2026, 10, 27, 14, 30);
      const snaps = fakeSnapshots({
        aaa: { text: 'A', times: [Date.UTC(2026, 10, 27, 9, 5), Date.UTC(2026, 10, 27, 14, 2)] },
        bbb: { text: 'B', times: [Date.UTC(2026, 10, 25, 8, 0)] },
        ccc: { text: 'C', times: [Date.UTC(2025, 0, 3, 8, 0)] },
      });
      const ctx: VersionContext = { filePath: file, snapshots: snaps, clock: { now: () => now }, timeZone: 'UTC' };
      assert.deepEqual(await texts(ctx), [
        ['working copy', 'now'],
        ['run snapshot · 14:02', 'A'],
        ['run snapshot · Nov 25 08:00', 'B'],
        ['run snapshot · Jan 3, 2025 08:00', 'C'],
      ]);
      await assert.rejects(readVersion(ctx, { kind: 'commit', commit: 'a'.repeat(40), path: 'x y.prompt' }), /not in a git repository/);
      await assert.rejects(readVersion(ctx, { kind: 'snapshot', hash: 'zzz' }), /not in the outcome store/);
      await assert.rejects(readVersion(ctx, { kind: 'unsaved' }), /no unsaved changes/);
    } finally {
      tmp.cleanup();
    }
  });

  it('reports a missing working copy clearly and does not list it', async () => {
    const ctx: VersionContext = { filePath: repo.path('gone.prompt') };
    assert.deepEqual(await listVersions(ctx), []);
    await assert.rejects(readVersion(ctx, { kind: 'workingCopy' }), (e: unknown) => e instanceof VersionError && e.message.includes('gone.prompt'));
  });

  it('round-trips version ids and rejects malformed ones', () => {
    const refs: VersionRef[] = [
      { kind: 'unsaved' }, { kind: 'workingCopy' }, { kind: 'head' },
      { kind: 'commit', commit: 'ab'.repeat(20), path: 'dir/with:colon é.prompt' },
      { kind: 'snapshot', hash: 'sha256-abc_DEF' },
    ];
    for (const r of refs) assert.deepEqual(parseVersionId(versionId(r)), r);
    for (const bad of ['', 'HEAD', 'commit:xyz:a', 'commit:--output=/tmp/x:a', `commit:${'a'.repeat(40)}:`, 'snapshot:../../etc', 'snapshot:']) {
      assert.equal(parseVersionId(bad), undefined, bad);
    }
  });
});
