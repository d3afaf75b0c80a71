// Builds what a run installs: the extension's VSIX (exactly what `npm run package` ships), the integration test
// bundle, and the tiny test-runner extension that executes it inside the extension host.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './paths';

const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');

function runOrThrow(cmd: string, args: string[], cwd = repoRoot): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
}

/** Builds the production bundles the extension runs (not the CLI) and packages them with vsce into `outFile`. */
export function packageExtension(outFile: string): void {
  runOrThrow(process.execPath, ['scripts/build.mjs', '--production', '--only=extension,webview']);
  // Same flags as `npm run package`: the repository URL is not a GitHub one, so README links stay relative.
  runOrThrow(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', outFile]);
}

/** Every `*.test.ts` under `dir` (none when it does not exist), sorted, as paths relative to the repo. */
export function findTestFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.test.ts')) found.push(relative(repoRoot, p));
    }
  };
  if (existsSync(join(repoRoot, dir))) walk(join(repoRoot, dir));
  return found;
}

/**
 * Folders under test/integration/ whose tests need a workspace of their own (an untrusted one, a multi-root one, one
 * with only a config file): the driver runs each in a separate code-server session (test/integration/runner/sessions.ts).
 */
export const separateSessionDirs = ['test/integration/untrusted/', 'test/integration/multiroot/', 'test/integration/configonly/'] as const;

/** The integration test files of the main session: everything but the runner and the separate sessions' folders. */
export function mainIntegrationFiles(): string[] {
  return findTestFiles('test/integration').filter(
    (f) => !f.startsWith('test/integration/runner/') && !separateSessionDirs.some((d) => f.startsWith(d)),
  );
}

/**
 * Bundles integration test files (repo-relative; by default the main session's) into one CommonJS file for the
 * extension host (mocha's bdd globals, `vscode` external, inline source maps so failures point at the .ts lines).
 */
export async function bundleIntegrationSuite(outFile: string, files: readonly string[] = mainIntegrationFiles()): Promise<number> {
  await esbuild.build({
    stdin: {
      contents: files.map((f) => `import './${f}';`).join('\n'),
      resolveDir: repoRoot,
      sourcefile: 'integration-suite.ts',
      loader: 'ts',
    },
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    sourceRoot: repoRoot,
    logLevel: 'warning',
  });
  return files.length;
}

/**
 * Builds the test-runner extension in `dir` and packages it as a VSIX next to it (code-server only installs VSIX
 * files or gallery ids; an unpacked folder dropped into the extensions folder is ignored). Returns the VSIX path.
 */
export async function buildRunnerExtension(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test/integration/runner/hostRunner.ts')],
    outfile: join(dir, 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const manifest = {
    name: 'promptops-integration-runner',
    displayName: 'PromptOps integration test runner',
    description: 'Runs the PromptOps integration suite inside the extension host. Installed only by the test harness.',
    version: '0.0.1',
    publisher: 'promptops',
    license: 'MIT',
    engines: { vscode: '^1.95.0' },
    main: './extension.js',
    activationEvents: ['onStartupFinished'],
    capabilities: { untrustedWorkspaces: { supported: true } },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  const vsix = `${dir}.vsix`;
  runOrThrow(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], dir);
  return vsix;
}
