// `npm start [-- --port N] [--folder PATH]`: builds and packages the extension, installs it into the local
// code-server (fresh user data), opens examples/ (edited in place), prints the URL and runs until Ctrl-C.
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { repoRoot } from './paths';
import { prepareRun, startSession, type Session } from './session';
import { ensureHarnessOrExit } from './setup';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const probe = createServer();
    probe.once('error', () => resolvePromise(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePromise(true)));
  });
}

function parseArgs(argv: string[]): { port?: number; folder: string } {
  let port: number | undefined;
  let folder = resolve(repoRoot, 'examples');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--port' && v !== undefined && /^\d+$/.test(v)) {
      port = Number(v);
      i++;
    } else if (a === '--folder' && v !== undefined) {
      folder = resolve(v);
      i++;
    } else {
      throw new Error(`unknown option ${a ?? ''}; use --port N (default 8080, or a free one) and --folder PATH (default examples/)`);
    }
  }
  return { ...(port !== undefined ? { port } : {}), folder };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const harness = await ensureHarnessOrExit();
  console.log('building and packaging the extension…');
  const prepared = prepareRun('start');
  // A stable URL when 8080 is free; otherwise any free port rather than failing.
  const port = args.port ?? ((await portIsFree(8080)) ? 8080 : 0);
  const running: { session?: Session } = {};
  const stop = async (code: number): Promise<never> => {
    await running.session?.stop(false);
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  const session = await startSession(harness, prepared, { label: 'start', workspaceSource: args.folder, inPlace: true, port });
  running.session = session;
  session.server.process.once('exit', (code) => {
    console.error(`code-server exited (${code ?? 'signal'}):\n${session.server.output().slice(-3000)}`);
    void stop(1);
  });
  console.log(
    `\nPromptOps is running in code-server (VS Code in the browser):\n\n  ${session.server.workspaceUrl}\n\n` +
      `workspace: ${args.folder}\nmock LLM server (for offline experiments): ${session.mockLlm.url}\n` +
      'Trust the folder when VS Code asks, so test runs are enabled. Press Ctrl-C to stop.',
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
