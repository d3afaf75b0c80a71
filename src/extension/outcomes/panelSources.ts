// Which store the outcome panel reads: the one serving the active prompt file (its workspace folder's, or the nearest
// config root's — each keeps its own `.promptops/`), or every store of the workspace combined for "all prompts".
import * as vscode from 'vscode';
import type { OutcomeStore } from '../../core/store/store';
import { watchNewFolders } from '../newFolders';
import { combinedSource } from './combinedSource';
import type { OutcomeSource } from './source';
import { storeSource } from './storeSource';

/** A store and the root its relative prompt paths are relative to. */
export interface RootStore {
  readonly store: OutcomeStore;
  readonly workspaceRoot: string;
}

/** The store that serves a file, or undefined when there is none (no folder on disk). */
export type StoreFor = (uri: vscode.Uri) => Promise<RootStore | undefined>;

/** What the panel reads for a scope: a source, or a sentence saying why there is none. */
export interface OutcomeSources {
  forPrompt(promptPath: string): Promise<OutcomeSource | string>;
  forWorkspace(): Promise<OutcomeSource | string>;
}

const noFolder = 'Open a folder to see the outcomes of its prompts.';
const configGlob = '**/promptops.config.{yaml,yml}';

function describe(e: unknown): string {
  return `Could not open the outcome store: ${e instanceof Error ? e.message : String(e)}`;
}

/** Finds the config files below the workspace folders (each a config root with a store of its own). */
export type FindConfigs = () => Thenable<readonly vscode.Uri[]>;

const findConfigFiles: FindConfigs = () => vscode.workspace.findFiles(configGlob, '**/node_modules/**', 500);

/** Whether a config file found earlier is no longer on disk. */
function isGone(uri: vscode.Uri): Thenable<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => false, () => true);
}

/** How long a search for config files is kept at most: a watcher event that never came delays a new root no longer. */
export const CONFIG_SEARCH_MAX_AGE_MS = 30_000;

/**
 * Sources over `storeFor`, reusing one source object per store so the panel's listeners stay put. The config files
 * found for "all prompts" are kept until one is created, a folder is created (moved in: it may hold one), one of them
 * is gone from disk, the workspace folders change, or the search is older than `maxAgeMs`: searching the workspace
 * again on every reload (each run appended, each toggle) gave the same answer each time.
 */
export class PanelSources implements OutcomeSources, vscode.Disposable {
  private readonly single = new WeakMap<OutcomeStore, OutcomeSource>();
  private combined: { readonly stores: readonly OutcomeStore[]; readonly source: OutcomeSource } | undefined;
  private configFiles: Promise<readonly vscode.Uri[]> | undefined;
  /** When the kept search started (Date.now()). */
  private searchedAt = 0;
  private watching: vscode.Disposable[] | undefined;

  constructor(
    private readonly storeFor: StoreFor,
    private readonly log: vscode.LogOutputChannel,
    private readonly findConfigs: FindConfigs = findConfigFiles,
    private readonly maxAgeMs = CONFIG_SEARCH_MAX_AGE_MS,
  ) {}

  dispose(): void {
    for (const d of this.watching ?? []) d.dispose();
    this.watching = undefined;
    this.configFiles = undefined;
  }

  /** Searches for the config roots again on the next "all prompts" load. */
  forgetConfigRoots(): void {
    this.configFiles = undefined;
  }

  async forPrompt(promptPath: string): Promise<OutcomeSource | string> {
    const uri = vscode.Uri.file(promptPath);
    // Opening a store creates its folder: a prompt opened from outside the workspace must not leave one behind.
    if (!vscode.workspace.getWorkspaceFolder(uri)) return `${promptPath} is outside the workspace folders: add its folder to the workspace to see its outcomes.`;
    try {
      const s = await this.storeFor(uri);
      return s ? this.sourceOf(s) : noFolder;
    } catch (e) {
      this.log.error(`Outcome panel: the store of ${promptPath}: ${e instanceof Error ? e.message : String(e)}`);
      return describe(e);
    }
  }

  async forWorkspace(): Promise<OutcomeSource | string> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) return noFolder;
    // A file in each folder stands for the folder's root (the folder URI itself would be looked up from its parent);
    // each config file stands for the config root of a package below a folder, which has a store of its own.
    const anchors = folders.map((f) => vscode.Uri.joinPath(f.uri, 'promptops.config.yaml'));
    try {
      anchors.push(...(await this.configRoots()));
    } catch (e) {
      this.log.warn(`Outcome panel: could not look for config roots: ${e instanceof Error ? e.message : String(e)}`);
    }
    const stores: RootStore[] = [];
    const problems: string[] = [];
    for (const uri of anchors) {
      try {
        const s = await this.storeFor(uri);
        if (s && !stores.some((x) => x.store === s.store)) stores.push(s);
      } catch (e) {
        // One root whose store cannot open must not hide the others.
        problems.push(describe(e));
        this.log.error(`Outcome panel: the store of ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (stores.length === 0) return problems[0] ?? noFolder;
    const c = this.combined;
    if (c && c.stores.length === stores.length && c.stores.every((s, i) => s === stores[i].store)) return c.source;
    const source = combinedSource(stores.map((s) => this.sourceOf(s)));
    this.combined = { stores: stores.map((s) => s.store), source };
    return source;
  }

  /**
   * The config files, searched for once and then kept until the watcher says the answer changed. Deletions are not
   * left to the watcher: its events are coalesced, and a file created and deleted within one batch sends neither, so
   * a kept answer is checked against the disk (one stat per config file) before it is used. Nor are creations left to
   * it alone: an answer older than `maxAgeMs` is searched for again.
   */
  private async configRoots(): Promise<readonly vscode.Uri[]> {
    this.watch();
    if (this.configFiles && Date.now() - this.searchedAt > this.maxAgeMs) this.forgetConfigRoots();
    const kept = this.configFiles;
    if (kept) {
      const list = await kept;
      const gone = await Promise.all(list.map(isGone));
      if (!gone.includes(true)) return list;
      if (this.configFiles === kept) this.forgetConfigRoots();
    }
    return this.search();
  }

  private watch(): void {
    if (this.watching) return;
    // Created before the first search, so a file created while it runs still clears what it finds.
    const watcher = vscode.workspace.createFileSystemWatcher(configGlob, false, true, true);
    // A folder moved or copied into the workspace is reported as that folder alone, not as the config files in it:
    // a created folder may hold a config root.
    this.watching = [
      watcher, watcher.onDidCreate(() => this.forgetConfigRoots()), vscode.workspace.onDidChangeWorkspaceFolders(() => this.forgetConfigRoots()),
      watchNewFolders(() => this.forgetConfigRoots()),
    ];
  }

  private search(): Promise<readonly vscode.Uri[]> {
    if (!this.configFiles) {
      const found = Promise.resolve(this.findConfigs());
      this.configFiles = found;
      this.searchedAt = Date.now();
      // A failed search is not kept: the next reload tries again.
      found.catch(() => {
        if (this.configFiles === found) this.configFiles = undefined;
      });
    }
    return this.configFiles;
  }

  private sourceOf(s: RootStore): OutcomeSource {
    let source = this.single.get(s.store);
    if (!source) {
      source = storeSource(s.store, s.workspaceRoot);
      this.single.set(s.store, source);
    }
    return source;
  }
}
