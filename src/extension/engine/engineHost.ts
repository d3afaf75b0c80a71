// One engine per workspace root: effective config, credentials, the outcome store and the runner's collaborators.
// The Test Explorer, CodeLens, commands and the outcome panel all run through it, so a run from any of them (or from
// the CLI, which writes the same store) shows in the others.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ancestors, isAtOrBelow } from '../../core/ancestors';
import { defaultConfig, formatConfigProblem, loadConfig, storeDirOf } from '../../core/config/config';
import { configFileNames } from '../../core/config/fileNames';
import type { PromptOpsConfig } from '../../core/config/types';
import { systemClock } from '../../core/io';
import { chainCredentials, dotenvCredentials, envCredentials } from '../../core/providers/credentials';
import { estimateCost } from '../../core/providers/pricing';
import { providerLabel } from '../../core/providers/registry';
import { createRunnerDeps } from '../../core/runner/deps';
import { storeAdapter } from '../../core/runner/storeAdapter';
import type { RunnerDeps } from '../../core/runner/types';
import { openStore, type OutcomeStore } from '../../core/store/store';
import { channelLogger, diskFileSystem } from './nodeFs';
import { SecretStorageCredentials } from './secrets';
import { mergeSettings } from './settings';
import { sourcesStamp } from './sourcesStamp';
import { untrustedEndpointError, untrustedFetch } from './untrustedEndpoints';

export interface EngineSession {
  readonly workspaceRoot: string;
  readonly config: PromptOpsConfig;
  /** The config file in force, if any. */
  readonly configPath?: string;
  /** Problems in the config file or settings; the session still runs with what was valid. */
  readonly problems: readonly string[];
  readonly store: OutcomeStore;
  readonly deps: RunnerDeps;
  readonly providerConcurrency: Readonly<Record<string, number>>;
  /** False in an untrusted workspace: javascript assertions and workspace-defined endpoints are off. */
  readonly trusted: boolean;
}

export class EngineHost implements vscode.Disposable {
  private readonly sessions = new Map<string, Promise<EngineSession>>();
  /** For each root with a session, the files it was built from as they were on disk (`sourcesStamp`). */
  private readonly builtFrom = new Map<string, string>();
  private readonly stores = new Map<string, Promise<OutcomeStore>>();
  private readonly denied = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  /** Fires when config, settings, keys or trust changed; sessions are rebuilt on next use. */
  readonly onDidChange = this._onDidChange.event;
  readonly secrets: SecretStorageCredentials;

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel) {
    this.secrets = new SecretStorageCredentials(context.secrets);
    const watcher = vscode.workspace.createFileSystemWatcher('**/{promptops.config.yaml,promptops.config.yml,.env}');
    const reset = (): void => this.invalidate();
    // Deleting or renaming a folder reports the folder alone, not the config file inside it: a config root whose
    // folder goes must still end its session (its files now belong to the root above).
    const removed = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.disposables.push(
      this._onDidChange,
      watcher,
      removed,
      removed.onDidDelete((uri) => {
        if (this.servesBelow(uri.fsPath)) reset();
      }),
      watcher.onDidChange(reset),
      watcher.onDidCreate(reset),
      watcher.onDidDelete(reset),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('promptops')) reset();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(reset),
      this.secrets.onDidChange(reset),
    );
  }

  /**
   * The root that serves a file: the nearest folder with a promptops.config.yaml between the file and its workspace
   * folder (so a monorepo's packages keep their own config and store, as the CLI run from there would), else the
   * workspace folder, else the file's own folder.
   */
  rootOf(uri: vscode.Uri): string {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const top = folder && folder.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
    if (uri.scheme !== 'file') return top ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    const own = path.dirname(uri.fsPath);
    // Without a workspace folder, only the file's own folder is looked in.
    for (const dir of ancestors(own, top ?? own)) {
      if (configFileNames.some((name) => existsSync(path.join(dir, name)))) return dir;
    }
    return top ?? own;
  }

  /** The engine for the workspace root that owns `uri`. */
  session(uri: vscode.Uri): Promise<EngineSession> {
    const root = this.rootOf(uri);
    let s = this.sessions.get(root);
    // The watcher may never report an edit of the config or `.env` file: on Linux it never watches a folder made
    // inside a new folder before it heard of that one (parcel-bundler/watcher#97), as when a package is checked out or
    // copied in. So the files a session was built from are checked on disk (a few stats) before it is used.
    if (s && this.builtFrom.get(root) !== sourcesStamp(root)) {
      this.log.info(`The config or .env file of ${root} changed on disk: reloading.`);
      this.invalidate();
      s = undefined;
    }
    if (!s) {
      // Stamped before reading: an edit while the session is built is seen at the next use.
      this.builtFrom.set(root, sourcesStamp(root));
      s = this.create(root, uri);
      this.sessions.set(root, s);
      s.catch(() => this.sessions.delete(root));
    }
    return s;
  }

  /** The store of the first workspace folder, for the outcome panel. */
  async primaryStore(): Promise<{ store: OutcomeStore; workspaceRoot: string } | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') return undefined;
    const s = await this.session(folder.uri);
    return { store: s.store, workspaceRoot: s.workspaceRoot };
  }

  /** Whether a root with a session lies in `folder` (or is it). */
  private servesBelow(folder: string): boolean {
    for (const root of this.sessions.keys()) if (isAtOrBelow(folder, root)) return true;
    return false;
  }

  invalidate(): void {
    this.sessions.clear();
    this.builtFrom.clear();
    this._onDidChange.fire();
  }

  private async create(root: string, scope: vscode.Uri): Promise<EngineSession> {
    const loaded = await loadConfig(root, diskFileSystem);
    const fileText = loaded.path !== undefined ? await diskFileSystem.readFile(loaded.path).catch(() => undefined) : undefined;
    const merged = mergeSettings(loaded.config, fileText, scope, root);
    const trusted = vscode.workspace.isTrusted;
    const confined = trusted ? undefined : confineStore(merged.config, merged.cacheDirFrom, loaded.path, root);
    const config = confined?.config ?? merged.config;
    const allProblems = [
      ...loaded.problems.map((p) => formatConfigProblem(loaded.path ?? 'promptops.config.yaml', p)), ...merged.problems,
      ...(confined ? [confined.problem] : []),
    ];
    for (const p of allProblems) this.log.warn(p);
    const logger = channelLogger(this.log);
    const store = await this.storeAt(storeDirOf(config), root, config);
    const credentials = chainCredentials(this.secrets, envCredentials(process.env), dotenvCredentials(root, diskFileSystem));
    const deps = createRunnerDeps({
      config,
      providerDeps: {
        credentials,
        logger,
        approveEndpoint: (provider, url) => this.approve(provider, url, config),
        keyAdvice: (keyEnv) => `set it with 'PromptOps: Set API Key' or the ${keyEnv ?? 'apiKeyEnv'} environment variable (or a .env file in ${path.basename(root) || root} or a folder above it)`,
        ...(trusted ? {} : { fetch: untrustedFetch(config) }),
      },
      fs: diskFileSystem,
      clock: systemClock,
      logger,
      store: storeAdapter(store),
      estimateCost: (provider, model, usage) => estimateCost(config, provider, model, usage),
    });
    const providerConcurrency: Record<string, number> = {};
    for (const [id, p] of Object.entries(config.providers)) if (p.concurrency !== undefined) providerConcurrency[id] = p.concurrency;
    return { workspaceRoot: root, config, ...(loaded.path ? { configPath: loaded.path } : {}), problems: allProblems, store, deps, providerConcurrency, trusted };
  }

  private storeAt(dir: string, root: string, config: PromptOpsConfig): Promise<OutcomeStore> {
    let s = this.stores.get(dir);
    if (!s) {
      s = openStore({
        dir,
        logger: channelLogger(this.log),
        clock: systemClock,
        workspaceRoot: root,
        ttlMs: config.cache.ttlDays * 86_400_000,
        maxBytes: config.cache.maxSizeMB * 1024 * 1024,
      });
      this.stores.set(dir, s);
      s.catch(() => this.stores.delete(dir));
    }
    return s;
  }

  /** Asks once before a key goes to an endpoint that the workspace, not the user, configured. */
  private async approve(provider: string, url: string, config: PromptOpsConfig): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      this.log.warn(`Not sending the ${provider} key to ${url}: the workspace defined that endpoint and the workspace is not trusted.`);
      // Thrown rather than a plain "no": the result then says that trust, not a declined prompt, is what is missing.
      throw untrustedEndpointError(provider, url, config);
    }
    const key = `promptops.approvedEndpoint:${provider}|${url}`;
    if (this.context.workspaceState.get<boolean>(key) === true) return true;
    if (this.denied.has(key)) return false;
    const allow = 'Allow';
    const answer = await vscode.window.showWarningMessage(
      `This workspace's config sends your ${providerLabel(provider, config)} API key to ${url}. Allow it?`,
      { modal: true, detail: 'The endpoint was defined by the workspace (promptops.config.yaml or workspace settings), not by you. Allow only if you trust it.' },
      allow,
    );
    if (answer === allow) {
      await this.context.workspaceState.update(key, true);
      return true;
    }
    this.denied.add(key);
    return false;
  }

  dispose(): void {
    this.builtFrom.clear();
    for (const d of this.disposables) d.dispose();
    for (const s of this.stores.values()) void s.then((store) => store.close(), () => undefined);
    this.stores.clear();
    this.sessions.clear();
  }
}

/**
 * In an untrusted workspace, a store folder that the workspace itself placed outside its folders (through a config
 * file inside them, or workspace settings) is not used: the store would write wherever the repository says. The
 * session keeps its store in the root's default folder instead, and says why. Undefined when nothing is changed.
 */
function confineStore(
  config: PromptOpsConfig,
  from: ReturnType<typeof mergeSettings>['cacheDirFrom'],
  configPath: string | undefined,
  root: string,
): { config: PromptOpsConfig; problem: string } | undefined {
  const inWorkspace = (p: string): boolean => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(p))?.uri.scheme === 'file';
  const byWorkspace = from === 'workspace settings' || (from === 'file' && configPath !== undefined && inWorkspace(configPath));
  const dir = storeDirOf(config);
  if (!byWorkspace || inWorkspace(dir)) return undefined;
  const fallback = defaultConfig(root).cache.dir;
  const where = from === 'file' ? `${configPath}: cache.dir` : 'Workspace settings: promptops.cache.dir';
  return {
    config: { ...config, cache: { ...config.cache, dir: fallback } },
    problem: `${where} puts the outcome store outside the workspace (${dir}). The workspace is not trusted, so the store stays in ${path.dirname(fallback)}; trust the workspace to use the folder it names.`,
  };
}
