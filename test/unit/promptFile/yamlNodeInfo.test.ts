// Frontmatter key infos keep their positions as numbers and make `keyRange` / `valueRange` when read
// (yamlNodeInfo.ts). What a reader gets must be the `yaml` package's own node ranges, ended at the last visible
// character, whichever reader (whole, fast, chunked) made the info and wherever a cached chunk was placed.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlias, isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { Range } from '../../../src/core/promptFile/model';
import { clearParseCaches, parse } from '../../../src/core/promptFile/parse';
import { LineIndex } from '../../../src/core/promptFile/positions';
import { splitPromptText } from '../../../src/core/promptFile/split';
import { parseYamlChunked } from '../../../src/core/promptFile/yamlChunks';
import { readYamlFast } from '../../../src/core/promptFile/yamlFast';
import { parseFrontmatterYaml, parseYaml } from '../../../src/core/promptFile/yamlFrontmatter';
import { NodeInfo } from '../../../src/core/promptFile/yamlNodeInfo';
import { largePrompt } from '../../../bench/parseFixture';
import { yamlDocument } from './yamlFastGen';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

/** A key's info from its ranges (without a value when `v` is absent), as the readers make it from offsets. */
function pairInfo(path: string, k: Range, v: Range | undefined): NodeInfo {
  return v
    ? new NodeInfo(path, k.start.line, k.start.character, k.end.line, k.end.character, v.start.line, v.start.character, v.end.line, v.end.character)
    : new NodeInfo(path, k.start.line, k.start.character, k.end.line, k.end.character, -1, 0, -1, 0);
}

/** A sequence item's info from its range. */
function itemInfo(path: string, r: Range): NodeInfo {
  return new NodeInfo(path, -1, 0, -1, 0, r.start.line, r.start.character, r.end.line, r.end.character);
}

interface Plain {
  path: string;
  keyRange?: Range;
  valueRange?: Range;
}

/** Every key and item of a whole `yaml` parse with its ranges, computed here from the nodes' offsets alone. */
function reference(text: string): Plain[] | undefined {
  const fm = splitPromptText(text).frontmatter;
  if (!fm) return undefined;
  const index = new LineIndex(text);
  const source = text.slice(fm.yamlStart, fm.yamlEnd);
  const range = (r: readonly number[]): Range => {
    let e = r[1];
    while (e > r[0] + 1 && ' \t\r\n'.includes(source.charAt(e - 1)) && source.charAt(e - 1) !== '') e--;
    return index.range(fm.yamlStart + r[0], fm.yamlStart + e);
  };
  const out: Plain[] = [];
  const walk = (node: YamlNode | null, path: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isPair(pair) ? pair.key as YamlNode | null : null;
        if (!key?.range) continue;
        const name = isScalar(key) ? String(key.value) : String(key);
        const childPath = path ? `${path}.${name}` : name;
        const value = pair.value as YamlNode | null;
        out.push(value?.range ? { path: childPath, keyRange: range(key.range), valueRange: range(value.range) } : { path: childPath, keyRange: range(key.range) });
        if (!isAlias(value)) walk(value, childPath);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const child = item as YamlNode | null;
        if (!child?.range) return;
        out.push({ path: `${path}[${i}]`, valueRange: range(child.range) });
        if (!isAlias(child)) walk(child, `${path}[${i}]`);
      });
    }
  };
  walk(parseYaml(source).contents, '');
  return out;
}

/** An info as a reader sees it: its ranges read. */
function read(info: { path: string; keyRange?: Range; valueRange?: Range }): Plain {
  const keyRange = info.keyRange;
  const valueRange = info.valueRange;
  return { path: info.path, ...(keyRange ? { keyRange } : {}), ...(valueRange ? { valueRange } : {}) };
}

/** Checks each reader that answers for `text`; returns how many answered. */
function check(text: string): number {
  const expected = reference(text);
  const fm = splitPromptText(text).frontmatter;
  if (!expected || !fm) return 0;
  const index = new LineIndex(text);
  clearParseCaches();
  const results = [parseFrontmatterYaml(text, fm.yamlStart, fm.yamlEnd, index), readYamlFast(text, fm.yamlStart, fm.yamlEnd, index),
    parseYamlChunked(text, fm.yamlStart, fm.yamlEnd, index)];
  let answered = 0;
  for (const result of results) {
    if (!result) continue;
    answered++;
    const where = JSON.stringify(text);
    assert.deepStrictEqual(result.keys.map(read), expected.filter((e) => e.keyRange), where);
    // The index lists each path once (the first of equal keys, the last of equal items); without such paths, every node.
    if (new Set(expected.map((e) => e.path)).size === expected.length) assert.deepStrictEqual([...result.nodes].map(([, info]) => read(info)), expected, where);
  }
  return answered;
}

const asPrompt = (yaml: string): string => `---\n${yaml}\n---\nbody\n`;

describe('yamlNodeInfo: key and item ranges made when read', function () {
  this.timeout(600_000);

  it('equal the yaml package\'s node ranges on every example and the benchmark file, read whole, fast and in chunks', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.prompt')).map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));
    for (const text of [...files, largePrompt(2000)]) {
      if (splitPromptText(text).frontmatter) assert.equal(check(text), 3, text.slice(0, 80));
    }
  });

  it('equal the yaml package\'s node ranges over 1,000 generated documents, with \\n and \\r\\n line breaks', () => {
    let answered = 0;
    fc.assert(fc.property(yamlDocument, fc.boolean(), (yaml, crlf) => {
      answered += check(asPrompt(crlf ? yaml.replace(/\n/g, '\r\n') : yaml));
    }), { numRuns: 1000 });
    assert.ok(answered > 1500, `answered ${answered}`);
  });

  it('stay right for chunks a keystroke moved: a warm parse reads the same ranges as a cold one', () => {
    const text = largePrompt(2000);
    const edits: [string, string][] = [['model: openai/gpt-4o-mini\nextra: 1', 'extra'], ['tests:\n  - name: first\n    vars: {}', 'tests[30].vars.field0']];
    for (const [edit, added] of edits) {
      clearParseCaches();
      parse(text);
      const edited = text.replace(edit.split('\n')[0], edit);
      const warm = parse(edited);
      clearParseCaches();
      const cold = parse(edited);
      const plain = (keys: typeof warm.keys): Plain[] => keys.map((k) => ({ path: k.path, keyRange: k.keyRange, ...(k.valueRange ? { valueRange: k.valueRange } : {}) }));
      assert.deepStrictEqual(plain(warm.keys), plain(cold.keys));
      assert.deepStrictEqual(plain(warm.keys), reference(edited)?.filter((e) => e.keyRange));
      assert.ok(warm.keys.some((k) => k.path === added), added);
    }
  });

  it('are plain objects kept once read, unseen by comparisons as data; absent ranges stay absent when an info moves', () => {
    const r = (a: number, b: number, c: number, d: number): Range => ({ start: { line: a, character: b }, end: { line: c, character: d } });
    const key = pairInfo('a', r(1, 0, 1, 1), r(1, 3, 2, 4));
    const unread = pairInfo('a', r(1, 0, 1, 1), r(1, 3, 2, 4));
    assert.deepStrictEqual(key.keyRange, r(1, 0, 1, 1));
    assert.equal(key.valueRange, key.valueRange);
    assert.equal(Object.getPrototypeOf(key.valueRange), Object.prototype);
    // A read range is kept where deepStrictEqual does not look: infos are equal by their ranges, not by their reads.
    assert.deepStrictEqual(key, unread);
    assert.notDeepStrictEqual(key, pairInfo('a', r(1, 0, 1, 1), r(1, 3, 2, 5)));
    assert.deepStrictEqual(key.moved('b.a', 3), pairInfo('b.a', r(4, 0, 4, 1), r(4, 3, 5, 4)));
    const bare = pairInfo('k', r(2, 2, 2, 3), undefined);
    assert.equal(bare.valueRange, undefined);
    assert.deepStrictEqual(bare.moved('k', 5), pairInfo('k', r(7, 2, 7, 3), undefined));
    const item = itemInfo('x[0]', r(3, 2, 4, 0));
    assert.equal(item.isKey, false);
    assert.equal(item.keyRange, undefined);
    assert.deepStrictEqual(item.moved('x[1]', 2), itemInfo('x[1]', r(5, 2, 6, 0)));
    assert.ok(key instanceof NodeInfo && key.isKey);
  });
});
