// Everything a running command needs from the engine: config, credentials, the store and the runner's
// collaborators. Loaded only by commands that call models, so `--version` never pays for it.
import { join, resolve } from 'node:path';
import { formatConfigProblem, loadConfig, storeDirOf } from '../core/config/config';
import { configFileNames } from '../core/config/fileNames';
import { ancestors } from '../core/ancestors';
import type { PromptOpsConfig } from '../core/config/types';
import { systemClock, type FileSystem, type Logger } from '../core/io';
import { loadDataset } from '../core/promptFile/dataset';
import { chainCredentials, dotenvCredentials, envCredentials } from '../core/providers/credentials';
import { createRunnerDeps } from '../core/runner/deps';
import { storeAdapter } from '../core/runner/storeAdapter';
import type { RunnerDeps } from '../core/runner/types';
import { openStore, type OutcomeStore } from '../core/store/store';
import { nodeFileSystem } from './files';
import { CliError, type CliIo } from './io';

export interface Session {
  readonly workspaceRoot: string;
  readonly config: PromptOpsConfig;
  readonly deps: RunnerDeps;
  readonly store: OutcomeStore;
  readonly providerConcurrency: Readonly<Record<string, number>>;
  readonly loadRows: (absolutePath: string) => Promise<readonly Readonly<Record<string, unknown>>[]>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Lets keys go to endpoints the workspace config defined (the user vouches for the repository). */
  readonly allowWorkspaceEndpoints?: boolean;
}

/** The workspace root: the nearest folder upward with a promptops config or a `.git`, else cwd. */
export async function findWorkspaceRoot(cwd: string, fs: FileSystem = nodeFileSystem): Promise<string> {
  for (const dir of ancestors(cwd)) {
    for (const marker of [...configFileNames, '.git']) {
      if (await fs.exists(join(dir, marker))) return dir;
    }
  }
  return resolve(cwd);
}

/** A logger to stderr; warnings are prefixed so they stand apart from reports. */
export function stderrLogger(io: CliIo): Logger {
  return {
    info: () => undefined,
    warn: (m) => io.stderr.write(`warning: ${m}\n`),
    error: (m) => io.stderr.write(`error: ${m}\n`),
  };
}

async function loadWorkspaceConfig(io: CliIo): Promise<{ workspaceRoot: string; config: PromptOpsConfig }> {
  const workspaceRoot = await findWorkspaceRoot(io.cwd);
  const loaded = await loadConfig(workspaceRoot, nodeFileSystem);
  if (loaded.problems.length > 0) {
    const where = loaded.path ?? 'promptops.config.yaml';
    throw new CliError(loaded.problems.map((p) => formatConfigProblem(where, p)).join('\n'));
  }
  return { workspaceRoot, config: loaded.config };
}

function storeFor(io: CliIo, workspaceRoot: string, config: PromptOpsConfig): Promise<OutcomeStore> {
  return openStore({
    dir: storeDirOf(config),
    logger: stderrLogger(io),
    clock: systemClock,
    workspaceRoot,
    ttlMs: config.cache.ttlDays * 86_400_000,
    maxBytes: config.cache.maxSizeMB * 1024 * 1024,
  });
}

/** Opens just the store, for the commands that read or maintain it. */
export async function openStoreOnly(io: CliIo): Promise<{ store: OutcomeStore; dir: string }> {
  const { workspaceRoot, config } = await loadWorkspaceConfig(io);
  return { store: await storeFor(io, workspaceRoot, config), dir: storeDirOf(config) };
}

/** Loads config, opens the store and wires the runner; config problems are CliErrors (exit 2). */
export async function openSession(io: CliIo, options: SessionOptions = {}): Promise<Session> {
  const { workspaceRoot, config } = await loadWorkspaceConfig(io);
  const logger = stderrLogger(io);
  const credentials = chainCredentials(envCredentials(io.env), dotenvCredentials(io.cwd, nodeFileSystem));
  const store = await storeFor(io, workspaceRoot, config);
  const deps = createRunnerDeps({
    config,
    providerDeps: {
      credentials,
      logger,
      // The provider's refusal names the endpoint and this flag, so nothing more is said here.
      approveEndpoint: () => Promise.resolve(options.allowWorkspaceEndpoints === true),
    },
    fs: nodeFileSystem,
    clock: systemClock,
    logger,
    store: storeAdapter(store),
  });
  const providerConcurrency: Record<string, number> = {};
  for (const [id, p] of Object.entries(config.providers)) if (p.concurrency !== undefined) providerConcurrency[id] = p.concurrency;
  return {
    workspaceRoot,
    config,
    deps,
    store,
    providerConcurrency,
    loadRows: (path) => loadDataset(path, nodeFileSystem),
    close: () => store.close(),
  };
}
