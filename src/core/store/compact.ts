// Compaction of the run history: every short CLI run leaves a segment file, so over months a history becomes
// thousands of small files, each costing an open on load. Segments whose writer has exited (its pid is gone and
// the file has been quiet for a while) are merged into one new segment and then deleted. Safe beside live readers and
// other compactors: the merged file is complete (temp + rename) before anything is deleted, and readers skip records
// whose id they already hold, so a crash between the two steps or two compactions at once only leave duplicates
// that the next compaction drops. Damaged lines and interrupted last lines are not carried over. Each segment's summary
// index goes with it; the merged segment gets a fresh one.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../io';
import { describeError, isMissing, writeAtomic } from './files';
import { decodeLine, newSegmentName, parseRecord, segmentPid } from './segmentLine';
import { summarize } from './summary';
import { segmentOfSummaryIndex, SummaryIndexWriter, summaryIndexName } from './summaryIndex';

// A writer on another machine sharing the folder has a pid this machine cannot check; a quiet period guards it.
const QUIET_MS = 10 * 60 * 1000;
const NEWLINE = 0x0a;

export interface CompactResult {
  /** Segment files merged (and deleted). */
  readonly merged: number;
  /** Records carried over into the new segment. */
  readonly records: number;
}

/** True when a process with this pid exists on this machine. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** Merges finished segments of `dir` into one when there are at least `minSegments` of them. */
export async function compactSegments(dir: string, ownName: string | undefined, minSegments: number, now: number, logger: Logger): Promise<CompactResult> {
  let all: string[];
  try {
    all = await fs.readdir(dir);
  } catch (e) {
    if (isMissing(e)) return { merged: 0, records: 0 };
    throw e;
  }
  const names = all.filter((n) => n !== ownName && segmentPid(n) !== undefined).sort();
  // A summary index whose segment is gone (merged by a compaction that stopped before removing its index).
  const present = new Set(all);
  for (const n of all) {
    const seg = segmentOfSummaryIndex(n);
    if (seg !== undefined && !present.has(seg)) await fs.unlink(join(dir, n)).catch(() => undefined);
  }
  const finished: string[] = [];
  for (const name of names) {
    const pid = segmentPid(name) ?? 0;
    if (pid === process.pid || isProcessAlive(pid)) continue;
    const st = await fs.stat(join(dir, name)).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs >= QUIET_MS) finished.push(name);
  }
  if (finished.length < Math.max(2, minSegments)) return { merged: 0, records: 0 };

  const seen = new Set<string>();
  const lines: Buffer[] = [];
  const index: string[] = [];
  const encoder = new SummaryIndexWriter();
  let at = 0;
  for (const name of finished) {
    let chunk: Buffer;
    try {
      chunk = await fs.readFile(join(dir, name));
    } catch (e) {
      if (isMissing(e)) continue;
      throw e;
    }
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
      const entry = decodeLine(chunk, start, nl);
      const record = entry && !seen.has(entry.id) ? parseRecord(chunk.toString('utf8', start + entry.tab + 1, nl), entry.id) : undefined;
      if (entry && record) {
        seen.add(entry.id);
        lines.push(chunk.subarray(start, nl + 1));
        const len = nl + 1 - start;
        index.push(encoder.line({ at, len, tab: entry.tab, sum: entry.sum, r: summarize(record) }));
        at += len;
      }
      start = nl + 1;
    }
  }
  if (lines.length > 0) {
    const merged = newSegmentName(now);
    await writeAtomic(join(dir, merged), Buffer.concat(lines));
    await writeAtomic(join(dir, summaryIndexName(merged)), index.join('')).catch((e: unknown) => {
      logger.warn(`Run history compaction could not write the summary index of ${merged}: ${describeError(e)}`);
    });
  }
  for (const name of finished) {
    for (const file of [name, summaryIndexName(name)]) {
      await fs.unlink(join(dir, file)).catch((e: unknown) => {
        if (!isMissing(e)) logger.warn(`Run history compaction could not remove ${join(dir, file)}: ${describeError(e)}`);
      });
    }
  }
  logger.info(`Run history: merged ${finished.length} finished segments (${lines.length} records) into one.`);
  return { merged: finished.length, records: lines.length };
}
