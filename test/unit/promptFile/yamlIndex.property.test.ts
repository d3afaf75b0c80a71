// The node index answers every lookup as the map of key paths it replaced: `get(path)` and `child` walks equal a
// lookup of the path string in a map filled in document order (first of equal key paths wins, later items replace
// earlier ones), and the checks that read it give the same results whether it answers by place or by path.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { isMap, isPair, isScalar, isSeq, isAlias, type Node as YamlNode } from 'yaml';
import { readInputs } from '../../../src/core/promptFile/inputs';
import { clearParseCaches } from '../../../src/core/promptFile/parse';
import { LineIndex } from '../../../src/core/promptFile/positions';
import { schemaDiagnostics } from '../../../src/core/promptFile/schemaDiagnostics';
import { splitPromptText } from '../../../src/core/promptFile/split';
import { testDiagnostics } from '../../../src/core/promptFile/testDiagnostics';
import { readTests } from '../../../src/core/promptFile/testSpecs';
import { parseYamlChunked } from '../../../src/core/promptFile/yamlChunks';
import { readYamlFast } from '../../../src/core/promptFile/yamlFast';
import { indexNode, parseFrontmatterYaml, parseYaml, type NodeInfo, type YamlResult } from '../../../src/core/promptFile/yamlFrontmatter';
import { NodeIndex, NodeIndexBuilder, type NodeRef } from '../../../src/core/promptFile/yamlIndex';
import { YamlLocator } from '../../../src/core/promptFile/yamlNodeInfo';
import { largePrompt } from '../../../bench/parseFixture';
import { yamlDocument } from './yamlFastGen';

type Segment = string | number;

/** The path string of segments, joined as the index always joined them. */
function join(segments: readonly Segment[]): string {
  let s = '';
  for (const seg of segments) s = typeof seg === 'number' ? `${s}[${seg}]` : s ? `${s}.${seg}` : seg;
  return s;
}

/** The map the index replaced: every indexed node of a whole `yaml` parse, added in document order. */
function referenceMap(text: string): { map: Map<string, NodeInfo>; places: Segment[][] } | undefined {
  const fm = splitPromptText(text).frontmatter;
  if (!fm) return undefined;
  const index = new LineIndex(text);
  const source = text.slice(fm.yamlStart, fm.yamlEnd);
  const doc = parseYaml(source);
  const built = new NodeIndexBuilder();
  indexNode(doc.contents, '', 0, built, new YamlLocator(source, fm.yamlStart, index));
  const map = new Map<string, NodeInfo>();
  for (const info of built.infos) {
    if (info.keyRange === undefined) map.set(info.path, info);
    else if (!map.has(info.path)) map.set(info.path, info);
  }
  const places: Segment[][] = [];
  const walk = (node: YamlNode | null, at: Segment[], depth: number): void => {
    if (!node || depth > 64) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as YamlNode | null;
        const seg = [...at, isScalar(key) ? String(key.value) : key ? String(key) : ''];
        places.push(seg);
        if (!isAlias(pair.value)) walk(pair.value as YamlNode | null, seg, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        places.push([...at, i]);
        if (!isAlias(item)) walk(item as YamlNode | null, [...at, i], depth + 1);
      });
    }
  };
  walk(doc.contents, [], 0);
  return { map, places };
}

function walk(nodes: NodeIndex, segments: readonly Segment[]): NodeRef {
  let ref = nodes.root;
  for (const seg of segments) ref = nodes.child(ref, seg);
  return ref;
}

/** Lookups no node answers, or answers only when paths are ambiguous. */
const EXTRA: Segment[][] = [['name'], [0], [1], ['a.b'], [''], ['x[0]'], ['vars', 'a'], ['my.ext'], ['my'], ['ext']];
const ODD_PATHS = ['', '.', '..', 'a..b', '[0]', '[01]', '[-1]', '[ 0]', '[0', 'model[', 'model.', '.model', 'model[0].', 'tests[0]x', 'my.ext', 'x[0]',
  'a]', 'tests[00]', 'tests[1e0]', 'tests[9999999999999999999]'];

/** Checks every lookup of `result` against the reference map of the same text. */
function agrees(text: string, result: YamlResult): void {
  const ref = referenceMap(text);
  if (!ref) return;
  const { map, places } = ref;
  const where = JSON.stringify(text);
  assert.deepStrictEqual([...result.nodes], [...map], where);
  assert.equal(result.nodes.size, map.size, where);
  const queries = new Set<string>(ODD_PATHS);
  for (const path of map.keys()) for (const q of [path, `${path}.name`, `${path}[0]`, `${path}.`, `${path}[01]`, path.slice(0, -1), `${path}]`]) queries.add(q);
  for (const q of queries) {
    assert.deepStrictEqual(result.nodes.get(q), map.get(q), `${where} get ${JSON.stringify(q)}`);
    assert.equal(result.nodes.has(q), map.has(q), `${where} has ${JSON.stringify(q)}`);
  }
  for (const place of [[], ...places]) {
    for (const extra of [[], ...EXTRA]) {
      const segments = [...place, ...extra];
      const path = join(segments);
      assert.deepStrictEqual(result.nodes.info(walk(result.nodes, segments)), map.get(path), `${where} walk ${JSON.stringify(segments)}`);
    }
  }
}

const asPrompt = (yaml: string): string => `---\n${yaml}\n---\nbody\n`;

/** Lines that make key paths ambiguous, or nearly. */
const AMBIGUOUS = ['a.b: 1', 'a:\n  b: 2', '"x[0]": 1', 'x:\n  - 1', '"1": one', '1: two', '"": empty', '"": \n  a: 3', 'a: 4', 'my.ext: 5', 'my:\n  ext: 6',
  'tests:\n  - name: t\n    vars:\n      a.b: 1\n      a:\n        b: 2', 'tests:\n  - 1\n  - name: u\n    assert:\n      - 2\n      - type: regex\n        value: "("'];

describe('NodeIndex: lookups by place equal lookups of key path strings', function () {
  this.timeout(600_000);

  it('on the benchmark file, whose paths are unambiguous, by place (and so without a map of paths)', () => {
    const text = largePrompt(2000);
    const fm = splitPromptText(text).frontmatter as NonNullable<ReturnType<typeof splitPromptText>['frontmatter']>;
    clearParseCaches();
    const chunked = parseYamlChunked(text, fm.yamlStart, fm.yamlEnd, new LineIndex(text)) as YamlResult;
    assert.equal(typeof chunked.nodes.root, 'number', 'answers by place');
    agrees(text, chunked);
  });

  it('on documents whose key paths collide (dotted keys, `x[0]`, empty keys, `1` and "1"), by path', () => {
    for (let i = 0; i < AMBIGUOUS.length; i++) {
      for (let j = 0; j < AMBIGUOUS.length; j++) {
        const text = asPrompt(`${AMBIGUOUS[i]}\n${AMBIGUOUS[j]}\nz: 0`);
        const fm = splitPromptText(text).frontmatter as NonNullable<ReturnType<typeof splitPromptText>['frontmatter']>;
        const index = new LineIndex(text);
        agrees(text, parseFrontmatterYaml(text, fm.yamlStart, fm.yamlEnd, index));
        const fast = readYamlFast(text, fm.yamlStart, fm.yamlEnd, index);
        if (fast) agrees(text, fast);
        clearParseCaches();
        const chunked = parseYamlChunked(text, fm.yamlStart, fm.yamlEnd, index);
        if (chunked) agrees(text, chunked);
      }
    }
  });

  it('on 1,500 generated documents, read whole, fast and in chunks', () => {
    const lines = fc.array(fc.constantFrom(...AMBIGUOUS), { maxLength: 2 });
    fc.assert(fc.property(yamlDocument, lines, (yaml, extra) => {
      const text = asPrompt([yaml, ...extra].join('\n'));
      const fm = splitPromptText(text).frontmatter;
      if (!fm) return;
      const index = new LineIndex(text);
      agrees(text, parseFrontmatterYaml(text, fm.yamlStart, fm.yamlEnd, index));
      const fast = readYamlFast(text, fm.yamlStart, fm.yamlEnd, index);
      if (fast) agrees(text, fast);
      const chunked = parseYamlChunked(text, fm.yamlStart, fm.yamlEnd, index);
      if (chunked) agrees(text, chunked);
    }), { numRuns: 1500 });
  });
});

// Frontmatter shaped like a prompt's, with keys that make paths ambiguous now and then.
const KEY = fc.oneof({ weight: 30, arbitrary: fc.constantFrom('a', 'b', 'text', 'name', 'type', 'value', 'vars', '"1"', 'typ', 'nme', 'weight', 'tags') },
  { weight: 1, arbitrary: fc.constantFrom('a.b', 'x[0]') });
const SCALAR = fc.constantFrom('1', 'x', '"("', 'null', '[a, b]', '{}', 'string', 'integer, the count', '2.5', 'contains', 'regex', 'is-json', 'not-equals');
const block = (pairs: [string, string][], pad: string): string => pairs.map(([k, v]) => `${pad}${k}: ${v}`).join('\n');
const mapOf = (pad: string, key: fc.Arbitrary<string> = KEY): fc.Arbitrary<string> => fc.uniqueArray(fc.tuple(key, SCALAR), { maxLength: 4, selector: (p) => p[0] })
  .map((pairs) => (pairs.length === 0 ? ' {}' : `\n${block(pairs, pad)}`));
/** Keys beside an assertion's type and value: now and then a second `type` or `value` (a duplicate key). */
const ASSERT_KEY = fc.oneof({ weight: 15, arbitrary: fc.constantFrom('threshold', 'weight', 'provider', 'typ', 'a', '"1"') },
  { weight: 1, arbitrary: fc.constantFrom('type', 'value') });
const assertion = fc.tuple(fc.constantFrom('contains', 'regex', 'equals', 'is-json', 'latency', 'contans', 3), fc.option(SCALAR), mapOf('          ', ASSERT_KEY))
  .map(([type, value, more]) => `      - type: ${type}${value === null ? '' : `\n        value: ${value}`}${more === ' {}' ? '' : more.replace(/\n {10}/g, '\n        ')}`);
const testItem = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom('case', 'case', 'other'), mapOf('      '), fc.array(assertion, { maxLength: 3 }), fc.boolean())
    .map(([name, vars, asserts, extra]) => `  - name: ${name}\n    vars:${vars}${asserts.length ? `\n    assert:\n${asserts.join('\n')}` : ''}${extra ? '\n    nme: x\n    file: rows.csv' : ''}`) },
  { weight: 1, arbitrary: SCALAR.map((s) => `  - ${s}`) },
);
const promptYaml = fc.tuple(mapOf('    '), mapOf('    '), fc.array(testItem, { maxLength: 4 }), fc.boolean(), fc.boolean(), fc.nat(9))
  .map(([schema, defaults, tests, json, odd, n]) => [n === 0, schema, defaults, tests, json, odd] as const)
  .map(([dotted, schema, defaults, tests, json, odd]) => [
    'model: gpt-4o',
    `input:\n  schema:${schema.replace(/\n {4}/g, '\n    ')}\n  default:${defaults}`,
    ...(json ? ['output:\n  format: json\n  schema:\n    summary: string'] : []),
    ...(tests.length ? [`tests:\n${tests.join('\n')}`] : []),
    ...(odd ? ['modle: x'] : []),
    ...(dotted ? ['my.ext: 1'] : []),
  ].join('\n'));

/** The same index answering by path: what the checks saw before. */
function byPath(nodes: NodeIndex): NodeIndex {
  return new NodeIndex([...nodes].map(([, info]) => info), [], [], false);
}

describe('NodeIndex: the checks give the same results by place as by path', function () {
  this.timeout(600_000);

  it('readTests, readInputs, schemaDiagnostics and testDiagnostics, over 1,000 generated frontmatters', () => {
    let byPlace = 0;
    fc.assert(fc.property(promptYaml, (yaml) => {
      const text = asPrompt(yaml);
      const fm = splitPromptText(text).frontmatter;
      if (!fm) return;
      const index = new LineIndex(text);
      clearParseCaches();
      const result = parseYamlChunked(text, fm.yamlStart, fm.yamlEnd, index) ?? parseFrontmatterYaml(text, fm.yamlStart, fm.yamlEnd, index);
      if (!result.data) return;
      if (typeof result.nodes.root === 'number') byPlace++;
      const fallback = index.range(0, 3);
      const run = (nodes: NodeIndex): unknown => {
        const data = result.data as Record<string, unknown>;
        const inputs = readInputs(data, nodes, fallback);
        const tests = readTests(data, nodes, fallback);
        return { inputs, tests, schema: schemaDiagnostics(data, nodes, fallback), checks: testDiagnostics(tests, inputs, nodes) };
      };
      assert.deepStrictEqual(run(result.nodes), run(byPath(result.nodes)), yaml);
    }), { numRuns: 1000 });
    assert.ok(byPlace > 400, `only ${byPlace} of 1,000 frontmatters were indexed by place`);
  });
});
