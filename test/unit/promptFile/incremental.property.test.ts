// Differential property tests of the incremental frontmatter parse: chunked YAML against one whole `yaml` parse,
// key-by-key schema issues against one whole zod parse, and a warm parse after an edit against a cold parse.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearParseCaches, parse } from '../../../src/core/promptFile/parse';
import { LineIndex } from '../../../src/core/promptFile/positions';
import { frontmatterSchema } from '../../../src/core/promptFile/schema';
import { schemaIssues } from '../../../src/core/promptFile/schemaDiagnostics';
import { splitPromptText } from '../../../src/core/promptFile/split';
import { parseYamlChunked } from '../../../src/core/promptFile/yamlChunks';
import { parseFrontmatterYaml } from '../../../src/core/promptFile/yamlFrontmatter';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const RICH = [
  '---',
  '# leading comment',
  'model: openai/gpt-4o-mini # trailing comment',
  'config:',
  '  temperature: 0.2',
  '  stopSequences: ["\\n\\n", \'END\']',
  'input:',
  '  schema:',
  '    text: string, the text',
  '    tags?(array): string',
  '    priority(enum): [low, medium, high]',
  '  default:',
  '    tags: [a, b]',
  'output:',
  '  format: json',
  '  schema: {summary: string}',
  'tests:',
  '  - name: first',
  '    vars:',
  '      text: "quoted: value"',
  '      tags:',
  '        - x',
  '        - y',
  '    assert:',
  '      - type: contains',
  '        value: |',
  '          block text',
  '          more',
  '',
  '  # between tests',
  '  - name: second',
  '    vars: {text: flow}',
  '    assert:',
  '      - type: is-json',
  '      - type: not-contains',
  '        value: >-',
  '          folded',
  '  - vars:',
  '      text: 12',
  '    repeat: 3',
  'my.ext: true',
  '---',
  '{{role "system"}}Summarise {{text}} with {{#each tags}}{{this}}{{/each}} at {{priority}}.',
  '',
].join('\n');
const SEEDS = [RICH, RICH.replace(/\n/g, '\r\n'), ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.prompt')).map((f) => readFileSync(join(EXAMPLES, f), 'utf8'))];

// Pieces that make YAML interesting where chunks meet: structure, quoting, anchors, duplicates, odd keys.
const PIECES = ['\n', '\r\n', '\r', ' ', '  ', '\t', '- ', ': ', ':', '#', ' # c', '&a ', '*a', '"', "'", '|', '>', '[', ']', '{', '}', ',', '? ',
  '!!str ', '!x ', '...', '%YAML 1.2', '---', '\ntests:\n', '\n- a', '\n  - name: n\n', '\nmodel: x\n', '\n__proto__: 1\n', '\nnull: 1\n', '\n1: 2\n',
  '\nconfig: 3\n', '\n  temperature: 9\n', 'x', 'é', '\uFEFF', '\u0000'];

type Edit = { kind: 'insert' | 'delete' | 'dupLine' | 'deleteLine'; at: number; text: string; len: number };

/** Applies edits inside the frontmatter region of the text (the first `---` block), where chunking matters. */
function edit(seed: string, edits: Edit[]): string {
  let s = seed;
  for (const e of edits) {
    const end = Math.max(4, s.indexOf('\n---', 4) + 1);
    const at = 4 + (e.at % Math.max(1, end - 4));
    switch (e.kind) {
      case 'insert': s = s.slice(0, at) + e.text + s.slice(at); break;
      case 'delete': s = s.slice(0, at) + s.slice(at + e.len); break;
      case 'dupLine':
      case 'deleteLine': {
        const lines = s.split('\n');
        const i = 1 + (e.at % Math.max(1, lines.length - 1));
        if (e.kind === 'dupLine') lines.splice(i, 0, lines[i]);
        else lines.splice(i, 1);
        s = lines.join('\n');
        break;
      }
    }
  }
  return s;
}

const edits = fc.array(fc.record({
  kind: fc.constantFrom<Edit['kind']>('insert', 'insert', 'delete', 'dupLine', 'deleteLine'),
  at: fc.nat(),
  text: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })),
  len: fc.integer({ min: 1, max: 30 }),
}), { minLength: 1, maxLength: 4 });

describe('parse: incremental frontmatter equals a whole parse', function () {
  this.timeout(600_000);

  it('the unedited seeds are parsed in chunks (so the properties below exercise the chunked path)', () => {
    for (const text of SEEDS) {
      const fm = splitPromptText(text).frontmatter;
      if (!fm) continue;
      assert.ok(parseYamlChunked(text, fm.yamlStart, fm.yamlEnd, new LineIndex(text)), text.slice(0, 80));
    }
  });

  it('a byte order mark at the start of a later key stays part of that key, as in the whole parse', () => {
    // Found by the property below: YAML drops a BOM at the start of a stream, so a chunk starting with one lost it.
    const text = '---\nmodel: openai/gpt-4o\n\uFEFFmy.ext: true\n---\nHi\n';
    const fm = splitPromptText(text).frontmatter as NonNullable<ReturnType<typeof splitPromptText>['frontmatter']>;
    const index = new LineIndex(text);
    const whole = parseFrontmatterYaml(text, fm.yamlStart, fm.yamlEnd, index);
    assert.ok(Object.keys(whole.data ?? {}).includes('\uFEFFmy.ext'));
    const fast = parseYamlChunked(text, fm.yamlStart, fm.yamlEnd, index);
    if (fast) assert.deepStrictEqual(fast.data, whole.data);
    clearParseCaches();
    assert.deepStrictEqual(parse(text).frontmatter, whole.data);
  });

  it('a flow mapping on a top-level line of its own is an error, as in the whole parse, not keys merged in', () => {
    // Found by the property below (seed 785251724): `schema: {…}` with `  schema: ` deleted.
    for (const nl of ['\n', '\r\n']) {
      const text = ['---', 'model: openai/gpt-4o', 'output:', '  format: json', '{summary: string}', 'tests:', '  - name: a', '---', 'Hi', ''].join(nl);
      const fm = splitPromptText(text).frontmatter as NonNullable<ReturnType<typeof splitPromptText>['frontmatter']>;
      const index = new LineIndex(text);
      const whole = parseFrontmatterYaml(text, fm.yamlStart, fm.yamlEnd, index);
      assert.match(whole.diagnostics[0]?.message ?? '', /Implicit map keys need to be followed by map values/);
      assert.equal(parseYamlChunked(text, fm.yamlStart, fm.yamlEnd, index), undefined);
      clearParseCaches();
      const doc = parse(text);
      assert.ok(!Object.keys(doc.frontmatter ?? {}).includes('summary'), 'the flow mapping is not read as a key of its own');
      assert.ok(doc.diagnostics.some((d) => /Implicit map keys/.test(d.message)));
    }
  });

  it('a chunk read at one place and found at another (lines moved, item index changed) still equals a whole parse', () => {
    // Chunks are read in place; the item with a tag is read by `yaml` (the fast reader declines tags), in its own lines.
    const tagged = RICH.replace("      - type: is-json\n", "      - type: is-json\n        value: !!str 12\n");
    const moved = tagged.replace('---\n', '---\nextra: 1\n').replace('tests:\n', 'tests:\n  - name: zeroth\n    vars: {text: new}\n');
    clearParseCaches();
    for (const text of [tagged, moved, tagged, moved.replace(/\n/g, '\r\n')]) {
      const fm = splitPromptText(text).frontmatter as NonNullable<ReturnType<typeof splitPromptText>['frontmatter']>;
      const index = new LineIndex(text);
      const fast = parseYamlChunked(text, fm.yamlStart, fm.yamlEnd, index);
      assert.ok(fast, text.slice(0, 80));
      const whole = parseFrontmatterYaml(text, fm.yamlStart, fm.yamlEnd, index);
      assert.deepStrictEqual(fast.data, whole.data);
      assert.deepStrictEqual([...fast.nodes], [...whole.nodes]);
      assert.deepStrictEqual(fast.keys, whole.keys);
    }
  });

  it('chunked YAML has the same data, nodes, keys and diagnostics as one whole parse, over 1,000 edited files', () => {
    let chunked = 0;
    fc.assert(fc.property(fc.constantFrom(...SEEDS), edits, (seed, es) => {
      const text = edit(seed, es);
      const fm = splitPromptText(text).frontmatter;
      if (!fm) return;
      const index = new LineIndex(text);
      // Twice: the second answer comes from the chunk cache and must still be right.
      for (let round = 0; round < 2; round++) {
        const fast = parseYamlChunked(text, fm.yamlStart, fm.yamlEnd, index);
        if (!fast) return;
        const whole = parseFrontmatterYaml(text, fm.yamlStart, fm.yamlEnd, index);
        assert.deepStrictEqual(fast.data, whole.data);
        assert.deepStrictEqual([...fast.nodes], [...whole.nodes]);
        assert.deepStrictEqual(fast.keys, whole.keys);
        assert.deepStrictEqual(fast.diagnostics, whole.diagnostics);
        if (round === 0) chunked++;
      }
    }), { numRuns: 1000 });
    // About 30% of edits keep the YAML clean enough to be chunked (mean ~290 of 1,000, spread ~17, so 200 is far below
    // chance); if none did, the property above proved nothing.
    assert.ok(chunked > 200, `only ${chunked} of 1,000 edited files were parsed in chunks`);
  });

  it('key-by-key schema issues equal one whole zod parse, over 400 edited files', () => {
    fc.assert(fc.property(fc.constantFrom(...SEEDS), edits, (seed, es) => {
      const text = edit(seed, es);
      const fm = splitPromptText(text).frontmatter;
      if (!fm) return;
      const data = parseFrontmatterYaml(text, fm.yamlStart, fm.yamlEnd, new LineIndex(text)).data;
      if (!data) return;
      const whole = frontmatterSchema.safeParse(data);
      assert.deepStrictEqual(schemaIssues(data), whole.success ? [] : whole.error.issues);
      assert.deepStrictEqual(schemaIssues(data), whole.success ? [] : whole.error.issues, 'from the cache');
    }), { numRuns: 400 });
  });

  it('a parse right after the previous version equals a cold parse, over 300 edit sequences', () => {
    fc.assert(fc.property(fc.constantFrom(...SEEDS), edits, edits, (seed, first, second) => {
      const before = edit(seed, first);
      const after = edit(before, second);
      clearParseCaches();
      parse(before);
      const warm = parse(after);
      clearParseCaches();
      assert.deepStrictEqual(warm, parse(after));
    }), { numRuns: 300 });
  });
});
