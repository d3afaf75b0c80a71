// Keeps DESIGN.md's layer arrows true: a lower layer never imports a higher one.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(__dirname, '../..');

function walk(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const re = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  const found: string[] = [];
  for (const m of src.matchAll(re)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec !== undefined) found.push(spec);
  }
  return found;
}

function layerOf(absPath: string): string | undefined {
  const rel = relative(root, absPath).split('\\').join('/');
  for (const layer of ['src/core', 'src/extension', 'src/cli', 'src/protocol', 'webview-ui']) {
    if (rel === layer || rel.startsWith(layer + '/')) return layer;
  }
  return undefined;
}

const forbidden: Record<string, readonly string[]> = {
  'src/core': ['src/extension', 'src/cli', 'src/protocol', 'webview-ui'],
  'src/cli': ['src/extension', 'webview-ui'],
  'src/protocol': ['src/extension', 'src/cli', 'webview-ui', 'src/core'],
  'webview-ui': ['src/extension', 'src/cli', 'src/core'],
  'src/extension': ['src/cli', 'webview-ui'],
};

describe('layers', () => {
  for (const layer of Object.keys(forbidden)) {
    it(`${layer} imports no higher layer`, () => {
      const dir = join(root, layer);
      let files: string[] = [];
      try {
        files = walk(dir);
      } catch {
        return;
      }
      const problems: string[] = [];
      for (const file of files) {
        for (const spec of imports(file)) {
          if (spec === 'vscode' && layer !== 'src/extension') problems.push(`${relative(root, file)} imports vscode`);
          if (!spec.startsWith('.')) continue;
          const target = layerOf(resolve(dirname(file), spec));
          if (target && (forbidden[layer] ?? []).includes(target)) problems.push(`${relative(root, file)} imports ${spec} (${target})`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  it('finds imports of every form it checks', () => {
    const sample = "import type { A } from '../x';\nimport * as v from 'vscode';\nexport { b } from './b';\nconst c = require('./c');";
    const re = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g;
    assert.deepEqual([...sample.matchAll(re)].map((m) => m[1] ?? m[2]), ['../x', 'vscode', './b', './c']);
  });
});
