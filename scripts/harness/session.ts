// One code-server session for a test run or `npm start`: fresh folders, the packaged extension installed, the
// workspace copied from a fixture, the loopback mock LLM server, code-server listening on 127.0.0.1.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installExtensions, makeRunDirs, startCodeServer, type CodeServer, type RunDirs } from './codeServer';
import { startMockLlmServer, type MockLlm } from './mockLlm';
import { packageExtension } from './packaging';
import type { Harness } from './setup';

export interface SessionOptions {
  /** Folder copied into the run as the workspace (absolute), or used in place when `inPlace` is set. */
  readonly workspaceSource: string;
  readonly inPlace?: boolean;
  /** A `.code-workspace` file inside the workspace (relative path) to open instead of the folder: multi-root. */
  readonly workspaceFile?: string;
  /** VSIX files installed next to PromptOps (the integration runner). */
  readonly extraExtensions?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly disableWorkspaceTrust?: boolean;
  readonly port?: number;
  /** Prefix of the temporary run folder. */
  readonly label: string;
}

export interface Session {
  readonly dirs: RunDirs;
  readonly workspace: string;
  readonly vsix: string;
  readonly server: CodeServer;
  readonly mockLlm: MockLlm;
  /** Stops code-server and the mock server; removes the run folder unless `keep`. */
  stop(keep: boolean): Promise<void>;
}

/**
 * Creates the run folder (user settings on top of the quiet defaults) and packages the extension, unless `vsix`
 * names one an earlier session of the same run already built; call before starting, so build errors surface first.
 */
export function prepareRun(label: string, settings?: Readonly<Record<string, unknown>>, vsix?: string): { dirs: RunDirs; vsix: string } {
  const root = mkdtempSync(join(tmpdir(), `promptops-${label}-`));
  const dirs = makeRunDirs(root, settings);
  if (vsix !== undefined) return { dirs, vsix };
  const built = join(root, 'promptops.vsix');
  packageExtension(built);
  return { dirs, vsix: built };
}

/** Installs the extension(s), starts the mock LLM server and code-server; stops what started if a step fails. */
export async function startSession(
  harness: Harness,
  prepared: { dirs: RunDirs; vsix: string },
  opts: SessionOptions,
): Promise<Session> {
  const { dirs, vsix } = prepared;
  installExtensions(harness, dirs, [vsix, ...(opts.extraExtensions ?? [])]);
  const workspace = opts.inPlace ? opts.workspaceSource : join(dirs.root, 'workspace');
  if (!opts.inPlace) cpSync(opts.workspaceSource, workspace, { recursive: true });
  const mockLlm = await startMockLlmServer();
  let server: CodeServer;
  try {
    server = await startCodeServer(harness, dirs, {
      workspace,
      env: {
        PROMPTOPS_TEST_WORKSPACE: workspace,
        PROMPTOPS_MOCK_LLM_URL: mockLlm.url,
        ...opts.env,
      },
      ...(opts.workspaceFile !== undefined ? { workspaceFile: join(workspace, opts.workspaceFile) } : {}),
      ...(opts.disableWorkspaceTrust ? { disableWorkspaceTrust: true } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
    });
  } catch (err) {
    await mockLlm.close();
    throw err;
  }
  return {
    dirs,
    workspace,
    vsix,
    server,
    mockLlm,
    stop: async (keep) => {
      await server.stop();
      await mockLlm.close();
      if (!keep) rmSync(dirs.root, { recursive: true, force: true });
    },
  };
}
