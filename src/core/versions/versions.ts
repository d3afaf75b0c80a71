// The versions of one prompt file: the unsaved editor buffer, the saved working copy, HEAD, every git revision that
// touched the file (following renames) and every snapshot a run recorded in the store. Git is optional: a file
// outside git, in a repository with no commits, or without history still lists its buffer, file and snapshots.
import { readFile } from 'node:fs/promises';
import type { Clock, FileSystem } from '../io';
import { systemClock } from '../io';
import { hashText } from '../store/key';
import { headCommit, locateInRepo, type RepoLocation } from './git';
import { fileHistory, readAtCommit } from './history';
import { commitLabel, oneLine, snapshotLabel } from './labels';

/** Where a version's text comes from. Plain data, so it can cross the webview protocol. */
export type VersionRef =
  | { readonly kind: 'unsaved' }
  | { readonly kind: 'workingCopy' }
  | { readonly kind: 'head' }
  | { readonly kind: 'commit'; readonly commit: string; readonly path: string }
  | { readonly kind: 'snapshot'; readonly hash: string };

export interface PromptVersion {
  /** Stable key for pickers: `unsaved`, `workingCopy`, `head`, `commit:<sha>:<path>`, `snapshot:<hash>`. */
  readonly id: string;
  readonly ref: VersionRef;
  readonly label: string;
  /** Milliseconds since the epoch, where known (commit time, snapshot time). */
  readonly time?: number;
  /** The commit a HEAD or revision version belongs to. */
  readonly commit?: string;
  readonly author?: string;
  /** The file's path at that revision, when it differs from today's path (a rename). */
  readonly renamedFrom?: string;
  /** For a run snapshot: how many runs recorded this text. */
  readonly runs?: number;
}

/** One snapshot of a prompt file recorded by runs (the shape of the store's `SnapshotInfo`). */
export interface SnapshotEntry {
  readonly hash: string;
  /** The last time a run recorded it, milliseconds since the epoch. */
  readonly lastTime: number;
  /** How many runs recorded it. */
  readonly runs?: number;
}

/** The part of the outcome store the versions module reads; the store's `OutcomeStore` satisfies it. */
export interface SnapshotSource {
  listSnapshots(promptPath: string): Promise<readonly SnapshotEntry[]>;
  getSnapshot(hash: string): Promise<string | undefined>;
}

export interface VersionContext {
  /** Absolute path of the prompt file. */
  readonly filePath: string;
  /** The editor buffer when it has unsaved changes. */
  readonly unsavedText?: string;
  readonly snapshots?: SnapshotSource;
  /** The prompt's key in the store (workspace-relative, see the store's `toStorePath`); `filePath` when absent. */
  readonly storePath?: string;
  readonly fs?: FileSystem;
  readonly clock?: Clock;
  /** IANA zone for snapshot times; the process's local zone when absent. */
  readonly timeZone?: string;
  /** Most revisions to list (newest first). */
  readonly maxRevisions?: number;
}

/** A version that cannot be read, with a message that says which and why. */
export class VersionError extends Error {
  override readonly name = 'VersionError';
}

/** The picker key of a ref. */
export function versionId(ref: VersionRef): string {
  switch (ref.kind) {
    case 'commit':
      return `commit:${ref.commit}:${ref.path}`;
    case 'snapshot':
      return `snapshot:${ref.hash}`;
    default:
      return ref.kind;
  }
}

/** Parses a picker key back into a ref; undefined for anything malformed (the key may come from a webview). */
export function parseVersionId(id: string): VersionRef | undefined {
  if (id === 'unsaved' || id === 'workingCopy' || id === 'head') return { kind: id };
  const commit = /^commit:([0-9a-f]{40,64}):(.+)$/s.exec(id);
  if (commit?.[1] !== undefined && commit[2] !== undefined) return { kind: 'commit', commit: commit[1], path: commit[2] };
  const snap = /^snapshot:([A-Za-z0-9_-]{1,128})$/.exec(id);
  if (snap?.[1] !== undefined) return { kind: 'snapshot', hash: snap[1] };
  return undefined;
}

const nodeFs: FileSystem = {
  readFile: (p) => readFile(p, 'utf8'),
  exists: (p) => readFile(p).then(() => true, () => false),
};

function make(ref: VersionRef, label: string, extra: Omit<PromptVersion, 'id' | 'ref' | 'label'> = {}): PromptVersion {
  return { id: versionId(ref), ref, label, ...extra };
}

/** Lists the versions of a prompt file, newest first within each group: unsaved, working copy, HEAD, revisions, snapshots. */
export async function listVersions(ctx: VersionContext): Promise<PromptVersion[]> {
  const fs = ctx.fs ?? nodeFs;
  const now = (ctx.clock ?? systemClock).now();
  const out: PromptVersion[] = [];
  // Snapshots are stored by the hash of their text, so one equal to a version listed above can say so.
  const sameAs = new Map<string, string>();
  const note = (text: string | undefined, label: string): void => {
    if (text === undefined) return;
    const hash = hashText(text);
    if (!sameAs.has(hash)) sameAs.set(hash, label);
  };
  if (ctx.unsavedText !== undefined) {
    out.push(make({ kind: 'unsaved' }, 'unsaved'));
    note(ctx.unsavedText, 'unsaved');
  }
  if (await fs.exists(ctx.filePath)) {
    out.push(make({ kind: 'workingCopy' }, 'working copy'));
    if (ctx.snapshots !== undefined) note(await fs.readFile(ctx.filePath).catch(() => undefined), 'working copy');
  }

  const loc = await locateInRepo(ctx.filePath);
  if (loc !== undefined) {
    const git = await gitVersions(loc, now, ctx.maxRevisions);
    out.push(...git.versions);
    note(git.headText, 'HEAD');
  }

  if (ctx.snapshots !== undefined) {
    const seen = new Set<string>();
    const entries = [...(await ctx.snapshots.listSnapshots(ctx.storePath ?? ctx.filePath))].sort((a, b) => b.lastTime - a.lastTime);
    for (const s of entries) {
      // Snapshots are content-addressed: many runs of the same text are one version, shown at its latest run.
      if (seen.has(s.hash)) continue;
      seen.add(s.hash);
      const extra = { time: s.lastTime, ...(s.runs !== undefined ? { runs: s.runs } : {}) };
      const same = sameAs.get(s.hash);
      const label = snapshotLabel(s.lastTime, now, ctx.timeZone) + (same ? ` · same text as ${same}` : '');
      out.push(make({ kind: 'snapshot', hash: s.hash }, label, extra));
    }
  }
  return out;
}

async function gitVersions(loc: RepoLocation, now: number, maxRevisions?: number): Promise<{ versions: PromptVersion[]; headText?: string }> {
  const head = await headCommit(loc.root);
  if (head === undefined) return { versions: [] };
  const out: PromptVersion[] = [];
  const revisions = await fileHistory(loc, maxRevisions);
  const headText = await readAtCommit(loc.root, head, loc.relPath);
  if (headText !== undefined) {
    const last = revisions[0];
    out.push(make({ kind: 'head' }, 'HEAD', { commit: head, ...(last ? { time: last.time, author: last.author } : {}) }));
  }
  for (const r of revisions) {
    out.push(
      make({ kind: 'commit', commit: r.commit, path: r.path }, commitLabel(r.commit, r.time, r.subject, now), {
        time: r.time,
        commit: r.commit,
        author: oneLine(r.author),
        ...(r.path !== loc.relPath ? { renamedFrom: r.path } : {}),
      }),
    );
  }
  return headText === undefined ? { versions: out } : { versions: out, headText };
}

/** Reads the text of one version; throws VersionError naming the file and the version when it cannot. */
export async function readVersion(ctx: VersionContext, ref: VersionRef): Promise<string> {
  const fs = ctx.fs ?? nodeFs;
  switch (ref.kind) {
    case 'unsaved':
      if (ctx.unsavedText === undefined) throw new VersionError(`${ctx.filePath} has no unsaved changes to compare.`);
      return ctx.unsavedText;
    case 'workingCopy':
      try {
        return await fs.readFile(ctx.filePath);
      } catch (e) {
        throw new VersionError(`Cannot read ${ctx.filePath}: ${e instanceof Error ? e.message : String(e)}`);
      }
    case 'head':
    case 'commit': {
      const loc = await locateInRepo(ctx.filePath);
      if (loc === undefined) throw new VersionError(`${ctx.filePath} is not in a git repository, so it has no ${describe(ref)}.`);
      const path = ref.kind === 'head' ? loc.relPath : ref.path;
      const commit = ref.kind === 'head' ? await headCommit(loc.root) : ref.commit;
      const text = commit === undefined ? undefined : await readAtCommit(loc.root, commit, path);
      if (text === undefined) throw new VersionError(`${describe(ref)} does not contain ${path} (in ${loc.root}).`);
      return text;
    }
    case 'snapshot': {
      const text = await ctx.snapshots?.getSnapshot(ref.hash);
      if (text === undefined) {
        throw new VersionError(`Run snapshot ${ref.hash.slice(0, 12)} of ${ctx.filePath} is not in the outcome store (was it pruned?).`);
      }
      return text;
    }
  }
}

function describe(ref: VersionRef): string {
  return ref.kind === 'commit' ? `commit ${ref.commit.slice(0, 7)}` : ref.kind === 'head' ? 'HEAD' : ref.kind;
}
