// Bundles the extension (CommonJS for the extension host), the CLI, and the webview front ends (browser).
// Usage: node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { writePromptSchema } from './promptSchema.mjs';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

// The tokenizer's rank tables are 3.6 MB of the extension's code but are needed only once a token count is shown:
// they ship as bundles of their own that the extension `require`s on first use, so activation never parses them.
const tokenizerEncodings = ['o200k_base', 'cl100k_base'];
const lazyTokenizer = {
  name: 'lazy-tokenizer',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer\/encoding\/(o200k_base|cl100k_base)$/ }, (args) => ({
      path: `./extension-${args.path.split('/').pop()}.js`,
      external: true,
    }));
  },
};

// The CLI reads its engine as a one-byte (Latin-1) string when the file is pure ASCII (src/cli/codeCache.ts). esbuild
// escapes non-ASCII characters in code but keeps them in comments; they are escaped here too (a \uXXXX in a comment
// is still a comment, and anywhere else it means the same character).
const asciiOutput = {
  name: 'ascii-output',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      const file = build.initialOptions.outfile;
      const text = await readFile(file, 'utf8');
      const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      if (ascii !== text) await writeFile(file, ascii);
    });
  },
};

// VS Code's "Startup Activation" time is loading `main` plus the synchronous `activate()`. So `dist/extension.js` holds
// only src/extension/extension.ts and src/extension/lazy/ (stubs for what VS Code needs up front), and every feature
// ships in `dist/extension-features.js`, which the activation bundle `require`s on first use.
const lazyFeatures = {
  name: 'lazy-features',
  setup(build) {
    build.onResolve({ filter: /^\.\/lazy\/features$/ }, () => ({ path: './extension-features.js', external: true }));
  },
};

// In the features bundle, `vscode` is the routed API of src/extension/lazy/routedVscode.ts, so registering a
// contribution that the activation bundle stubbed hands it to that stub; routedVscode.ts itself gets the real one.
const routedVscodePath = resolve('src/extension/lazy/routedVscode.ts');
const routedVscode = {
  name: 'routed-vscode',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.importer === routedVscodePath ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'routed-vscode' });
    build.onLoad({ filter: /.*/, namespace: 'routed-vscode' }, () => ({
      contents: `module.exports = require(${JSON.stringify(routedVscodePath)}).routedVscode;`,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};

// zod probes `navigator` (a Cloudflare check) when it compiles a schema; in VS Code's extension host that global is a
// getter that logs a PendingMigrationError naming the extension. Node code never needs it, so it is compiled away.
const extensionNode = { ...common, platform: 'node', format: 'cjs', target: 'node20', define: { navigator: 'undefined' } };

/** The extension host's bundles: activation, then features (loaded on first use). */
export const extensionTargets = [
  {
    ...extensionNode,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [lazyFeatures],
  },
  {
    ...extensionNode,
    entryPoints: ['src/extension/lazy/features.ts'],
    outfile: 'dist/extension-features.js',
    plugins: [lazyTokenizer, routedVscode],
  },
];

/** Each target is built only when its entry exists, so the tree can grow one surface at a time. */
const targets = [
  ...extensionTargets,
  ...tokenizerEncodings.map((name) => ({
    ...common,
    entryPoints: [`node_modules/gpt-tokenizer/esm/encoding/${name}.js`],
    outfile: `dist/extension-${name}.js`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
  })),
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    // A tiny launcher: `--version` answers without parsing the engine bundle below.
    external: ['./cliEngine.js'],
  },
  {
    ...common,
    entryPoints: ['src/cli/cli.ts'],
    outfile: 'dist/cliEngine.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [asciiOutput],
  },
  {
    ...common,
    entryPoints: ['webview-ui/diff/main.ts'],
    outfile: 'dist/webview/diff.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['webview-ui/outcomes/main.ts'],
    outfile: 'dist/webview/outcomes.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['webview-ui/preview/main.ts'],
    outfile: 'dist/webview/preview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
].filter((t) => t.entryPoints.every((e) => existsSync(e)))
  // `--only=extension,webview` builds the bundles whose output path contains one of the words (the test harness
  // packages only what the extension runs, so a half-written CLI elsewhere in the tree does not block editor tests).
  .filter((t) => !only || only.some((word) => t.outfile.includes(word)));

// Imported (by the unit test of the bundle layout) it only describes the bundles.
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;

if (!isMain) {
  // nothing to do
} else if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`watching ${targets.length} bundles`);
} else {
  const started = Date.now();
  await Promise.all(targets.map((t) => esbuild.build(t)));
  // The frontmatter JSON Schema (issue 2) is generated from the zod schema, so it ships with every full build.
  const schemaOut = only ? [] : [await writePromptSchema()];
  console.log(`built ${[...targets.map((t) => t.outfile), ...schemaOut].join(', ')} in ${Date.now() - started} ms`);
}
