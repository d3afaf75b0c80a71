import * as assert from 'node:assert/strict';
import { parseFollowLog } from '../../../src/core/versions/history';
import { commitLabel, oneLine, relativeTime, snapshotLabel } from '../../../src/core/versions/labels';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('versions/parseFollowLog', () => {
  it('reads renames, keeps the path of the newer commit for a merge without a file entry, and drops deletions', () => {
    const raw = [
      `\x1e${A}\x1f200\x1fAnn\x1fmerge branch`,
      `\x1e${B}\x1f150\x1fBob\x1frename\x1fwith separator`, '\nR087', 'old\x1ename.prompt', 'new.prompt',
      `\x1e${C}\x1f100\x1fCy\x1fgone`, '\nD', 'old\x1ename.prompt', '',
    ].join('\0');
    assert.deepEqual(parseFollowLog(raw, 'new.prompt'), [
      { commit: A, time: 200_000, author: 'Ann', subject: 'merge branch', path: 'new.prompt', status: 'M' },
      { commit: B, time: 150_000, author: 'Bob', subject: 'rename\x1fwith separator', path: 'new.prompt', status: 'R' },
    ]);
  });

  it('returns nothing for empty output and ignores junk', () => {
    assert.deepEqual(parseFollowLog('', 'a'), []);
    assert.deepEqual(parseFollowLog('garbage\0\x1enot-a-sha\x1f1\x1fx\x1fy\0', 'a'), []);
  });
});

describe('versions/labels', () => {
  const now = 1_000_000_000_000;
  it('formats relative times', () => {
    assert.equal(relativeTime(now - 10_000, now), 'just now');
    assert.equal(relativeTime(now - 60_000, now), '1 minute ago');
    assert.equal(relativeTime(now - 5 * 3600_000, now), '5 hours ago');
    assert.equal(relativeTime(now - 2 * 86400_000, now), '2 days ago');
    assert.equal(relativeTime(now - 15 * 86400_000, now), '2 weeks ago');
    assert.equal(relativeTime(now - 400 * 86400_000, now), '1 year ago');
    assert.equal(relativeTime(now + 3600_000, now), 'in the future');
  });

  it('cleans untrusted subjects and bounds their length', () => {
    assert.equal(oneLine('fix\x1b[31m red\nsecond line'), 'fix [31m red second line');
    assert.equal(oneLine('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
    assert.equal(commitLabel('0123456789abcdef', now - 2 * 86400_000, 'msg', now), '0123456 · 2 days ago · msg');
    assert.equal(commitLabel('0123456789abcdef', now, '', now), '0123456 · just now');
  });

  it('formats snapshot times in the given zone', () => {
    const t = Date.UTC(2026, 10, 27, 23, 30);
    assert.equal(snapshotLabel(t, t + 60_000, 'UTC'), 'run snapshot · 23:30');
    // In Tokyo it is already the next day, and "now" falls on the same day there.
    assert.equal(snapshotLabel(t, t + 60_000, 'Asia/Tokyo'), 'run snapshot · 08:30');
    assert.equal(snapshotLabel(t, t + 86400_000, 'UTC'), 'run snapshot · Nov 27 23:30');
  });
});
