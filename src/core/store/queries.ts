// Queries over one prompt's run records: pure functions over the index entries (record metadata), generic so the
// store can run them on lightweight entries and load full records only for what a query returns.
import type { RecordMeta } from './types';

export interface Latest<T> {
  readonly testName: string;
  readonly caseId: string;
  readonly record: T;
  readonly runRecords: readonly T[];
}

export interface Group<T> {
  readonly promptHash: string;
  readonly firstTime: number;
  readonly lastTime: number;
  readonly records: readonly T[];
  readonly passed: number;
  readonly failed: number;
}

const byTime = (a: RecordMeta, b: RecordMeta): number => a.time - b.time || a.repeatIndex - b.repeatIndex;

/** The newest outcome of each case, with the other repeats of that same run; ordered by test name, then case. */
export function latestOutcomes<T extends RecordMeta>(records: readonly T[]): Latest<T>[] {
  const newest = new Map<string, T>();
  for (const r of records) {
    const cur = newest.get(r.caseId);
    if (!cur || r.time > cur.time || (r.time === cur.time && r.repeatIndex > cur.repeatIndex)) newest.set(r.caseId, r);
  }
  const repeats = new Map<string, T[]>();
  for (const r of records) {
    const top = newest.get(r.caseId);
    if (top && r.runId === top.runId) {
      let list = repeats.get(r.caseId);
      if (!list) repeats.set(r.caseId, (list = []));
      list.push(r);
    }
  }
  return [...newest.values()]
    .map((record) => ({
      testName: record.testName,
      caseId: record.caseId,
      record,
      runRecords: (repeats.get(record.caseId) ?? [record]).sort((a, b) => a.repeatIndex - b.repeatIndex || a.time - b.time),
    }))
    .sort((a, b) => a.testName.localeCompare(b.testName) || a.caseId.localeCompare(b.caseId));
}

/** Every run of one test, oldest first. */
export function testHistory<T extends RecordMeta>(records: readonly T[], testName: string): T[] {
  return records.filter((r) => r.testName === testName).sort(byTime);
}

/** Every run of one version (prompt text hash), oldest first. */
export function runsOfVersion<T extends RecordMeta>(records: readonly T[], promptHash: string): T[] {
  return records.filter((r) => r.promptHash === promptHash).sort(byTime);
}

/** Runs grouped by version, the most recently run version first. */
export function versionGroups<T extends RecordMeta>(records: readonly T[]): Group<T>[] {
  const groups = new Map<string, T[]>();
  for (const r of records) {
    let list = groups.get(r.promptHash);
    if (!list) groups.set(r.promptHash, (list = []));
    list.push(r);
  }
  return [...groups]
    .map(([promptHash, list]) => {
      list.sort(byTime);
      const passed = list.filter((r) => r.pass).length;
      return { promptHash, firstTime: list[0].time, lastTime: list[list.length - 1].time, records: list, passed, failed: list.length - passed };
    })
    .sort((a, b) => b.lastTime - a.lastTime);
}

/** The versions of a prompt that ran, with when they first and last ran, newest first. */
export function snapshotInfos(records: readonly RecordMeta[]): { hash: string; firstTime: number; lastTime: number; runs: number }[] {
  const info = new Map<string, { hash: string; firstTime: number; lastTime: number; runs: number }>();
  for (const r of records) {
    const hash = r.snapshot || r.promptHash;
    const cur = info.get(hash);
    if (!cur) info.set(hash, { hash, firstTime: r.time, lastTime: r.time, runs: 1 });
    else {
      cur.firstTime = Math.min(cur.firstTime, r.time);
      cur.lastTime = Math.max(cur.lastTime, r.time);
      cur.runs++;
    }
  }
  return [...info.values()].sort((a, b) => b.lastTime - a.lastTime);
}
