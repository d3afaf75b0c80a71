// Pins the split of the extension into an activation bundle and a features bundle (scripts/build.mjs): VS Code's
// "Startup Activation" time grows with everything dist/extension.js holds, so a feature imported eagerly again by
// src/extension/extension.ts or the lazy/ layer must fail here, not only show up in a benchmark.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions, Metafile } from 'esbuild';
import { manifestRoutes } from '../../../src/extension/lazy/routes';

const root = resolve(__dirname, '../../..');

interface BuildModule {
  readonly extensionTargets: readonly (BuildOptions & { outfile: string })[];
}

async function metafileOf(outfile: string): Promise<Metafile> {
  const esbuild = await import('esbuild');
  const { extensionTargets } = (await import(pathToFileURL(resolve(root, 'scripts/build.mjs')).href)) as BuildModule;
  const target = extensionTargets.find((t) => t.outfile === outfile);
  assert.ok(target, `scripts/build.mjs has no target ${outfile}`);
  const result = await esbuild.build({ ...target, absWorkingDir: root, write: false, metafile: true, minify: true, sourcemap: false, logLevel: 'silent' });
  return result.metafile;
}

describe('extension bundle layout', () => {
  it('the activation bundle holds only extension.ts and the lazy-loading layer', async () => {
    const meta = await metafileOf('dist/extension.js');
    const inputs = Object.keys(meta.inputs).sort();
    assert.deepEqual(inputs, ['src/extension/extension.ts', 'src/extension/lazy/router.ts', 'src/extension/lazy/routes.ts']);
    const [output] = Object.values(meta.outputs);
    assert.ok(output && output.bytes < 16 * 1024, `dist/extension.js is ${output?.bytes} bytes`);
    assert.deepEqual([...new Set(output.imports.map((i) => i.path))].sort(), ['./extension-features.js', 'node:path', 'vscode']);
  });

  it('the features bundle holds the features and gets the routed vscode API', async () => {
    const meta = await metafileOf('dist/extension-features.js');
    const inputs = Object.keys(meta.inputs);
    for (const feature of ['src/extension/testing/register.ts', 'src/extension/language/diagnostics.ts', 'src/core/runner/deps.ts', 'src/extension/lazy/routedVscode.ts']) {
      assert.ok(inputs.includes(feature), `${feature} is not in dist/extension-features.js`);
    }
    assert.ok(inputs.includes('routed-vscode:vscode'), 'feature modules import the real vscode module');
    const [output] = Object.values(meta.outputs);
    assert.deepEqual(output?.imports.filter((i) => i.path === 'vscode').length, 1, 'only routedVscode.ts requires vscode');
  });

  it('stubs what the manifest contributes: every command, the webview view, the revived panels', () => {
    const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
    const routes = manifestRoutes(manifest);
    assert.deepEqual([...routes.commands].sort(), manifest.contributes.commands.map((c) => c.command).sort());
    assert.ok(routes.commands.includes('promptops.runTests'));
    assert.deepEqual(routes.webviewViews, ['promptops.outcomes']);
    assert.deepEqual([...routes.panelSerializers].sort(), ['promptops.diff', 'promptops.preview']);
  });

  it('reads a manifest without those sections as nothing to stub', () => {
    for (const m of [undefined, null, {}, { contributes: {} }, { contributes: { views: { x: [{ id: 'v' }] } }, activationEvents: ['onLanguage:x'] }]) {
      assert.deepEqual(manifestRoutes(m), { commands: [], webviewViews: [], panelSerializers: [] });
    }
  });
});
