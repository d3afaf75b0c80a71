// Starts code-server for one run: its own user-data and extensions folders, 127.0.0.1 on a free port, no auth,
// no telemetry, no update check, a workspace folder made for the run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Harness } from './setup';

export interface RunDirs {
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
}

export interface CodeServer {
  readonly url: string;
  /** The workbench URL with the workspace folder (or `.code-workspace` file) opened. */
  readonly workspaceUrl: string;
  readonly process: ChildProcess;
  /** Everything code-server printed so far (its own log lines). */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly workspace: string;
  /** A `.code-workspace` file to open instead of the `workspace` folder (multi-root workspaces). */
  readonly workspaceFile?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Workspace trust stays on unless a test asks for it off (then everything counts as trusted). */
  readonly disableWorkspaceTrust?: boolean;
  /** Extra user settings on top of the quiet defaults below. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** A fixed port for `npm start`; tests use a free one. */
  readonly port?: number;
}

/** Settings that keep the workbench quiet and local: no welcome page, no AI chat, no update or gallery traffic. */
const quietSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'typescript.disableAutomaticTypeAcquisition': true,
  'npm.fetchOnlinePackageInfo': false,
  'git.autofetch': false,
  'git.openRepositoryInParentFolders': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
};

/** Creates the per-run folders code-server writes to, with quiet user settings. */
export function makeRunDirs(root: string, settings: Readonly<Record<string, unknown>> = {}): RunDirs {
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...settings }, null, 2));
  // Keeps code-server from writing ~/.config/code-server/config.yaml with a generated password.
  writeFileSync(join(root, 'code-server.yaml'), 'auth: none\ncert: false\n');
  return { root, userDataDir, extensionsDir };
}

/** An empty gallery: code-server would otherwise query open-vsx.org; runs never reach beyond 127.0.0.1. */
const offlineEnv = { EXTENSIONS_GALLERY: '{}' };

function baseArgs(harness: Harness, dirs: RunDirs): string[] {
  return [
    harness.codeServerEntry,
    '--config', join(dirs.root, 'code-server.yaml'),
    '--user-data-dir', dirs.userDataDir,
    '--extensions-dir', dirs.extensionsDir,
  ];
}

/** Installs VSIX files into the run's extensions folder with code-server's own CLI. */
export function installExtensions(harness: Harness, dirs: RunDirs, vsixFiles: readonly string[]): void {
  const args = [...baseArgs(harness, dirs), ...vsixFiles.flatMap((f) => ['--install-extension', f])];
  const r = spawnSync(harness.node24, args, { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...offlineEnv } });
  if (r.status !== 0 || /Failed Installing|Error/i.test(r.stderr)) {
    throw new Error(`code-server --install-extension failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }
}

/** Starts code-server and resolves once it listens; rejects with its output if it exits or stalls first. */
export async function startCodeServer(harness: Harness, dirs: RunDirs, opts: StartOptions): Promise<CodeServer> {
  const args = [
    ...baseArgs(harness, dirs),
    '--bind-addr', `127.0.0.1:${opts.port ?? 0}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(opts.disableWorkspaceTrust ? ['--disable-workspace-trust'] : []),
    opts.workspaceFile ?? opts.workspace,
  ];
  // Its own process group, so stop() also ends the extension host and the language servers it forked.
  const child = spawn(harness.node24, args, {
    cwd: dirs.root,
    env: { ...process.env, ...offlineEnv, ...opts.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));

  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${out}`)), 60_000);
    const onData = (): void => {
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\/?/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${out}`));
    });
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };

  return {
    url,
    workspaceUrl: opts.workspaceFile
      ? `${url}/?workspace=${encodeURIComponent(opts.workspaceFile)}`
      : `${url}/?folder=${encodeURIComponent(opts.workspace)}`,
    process: child,
    output: () => out,
    stop,
  };
}

/** The extension host log files of a run (code-server writes one folder per session under user-data/logs). */
export function extensionHostLogs(dirs: RunDirs): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const p = join(dir, name);
      const isDir = statSync(p).isDirectory();
      if (isDir && depth < 4) walk(p, depth + 1);
      else if (!isDir && /exthost\.log$/.test(name)) found.push(p);
    }
  };
  walk(join(dirs.userDataDir, 'logs'), 0);
  return found;
}
