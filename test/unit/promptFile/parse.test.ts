import * as assert from 'node:assert/strict';
import { clearParseCaches, parse } from '../../../src/core/promptFile/parse';
import { largePrompt } from '../../../bench/parseFixture';

const SIMPLE = [
  '---',
  'model: openai/gpt-4o-mini',
  'config:',
  '  temperature: 0.2',
  'input:',
  '  schema:',
  '    text: string, the text',
  '    style?: string',
  '  default:',
  '    style: short',
  'tests:',
  '  - name: basic',
  '    vars:',
  '      text: hello',
  '    assert:',
  '      - type: contains',
  '        value: hello',
  '---',
  '{{role "system"}}',
  'Summarize in a {{style}} style.',
  '{{role "user"}}',
  '{{text}}',
  '',
].join('\n');

describe('parse: document model', () => {
  it('fills the frontmatter fields with exact ranges', () => {
    const doc = parse(SIMPLE);
    assert.deepEqual(doc.diagnostics, []);
    assert.equal(doc.model?.value, 'openai/gpt-4o-mini');
    assert.deepEqual(doc.model?.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 25 } });
    assert.deepEqual(doc.model?.keyRange, { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } });
    assert.deepEqual(doc.config, { temperature: 0.2 });
    assert.deepEqual(doc.inputDefaults, { style: 'short' });
    assert.deepEqual(doc.frontmatterRange, { start: { line: 0, character: 0 }, end: { line: 17, character: 3 } });
    assert.equal(doc.bodyOffset, SIMPLE.indexOf('{{role "system"}}'));
    assert.deepEqual(doc.bodyRange.start, { line: 18, character: 0 });
    assert.deepEqual(doc.output, { format: 'text' });
  });

  it('converts the Picoschema input and lists the inputs with their key ranges', () => {
    const doc = parse(SIMPLE);
    assert.deepEqual(doc.inputSchema, {
      type: 'object',
      properties: { text: { type: 'string', description: 'the text' }, style: { type: ['string', 'null'] } },
      required: ['text'],
      additionalProperties: false,
    });
    assert.deepEqual(doc.inputs.map((i) => [i.name, i.type, i.optional, i.default]), [['text', 'string', false, undefined], ['style', 'string', true, 'short']]);
    assert.deepEqual(doc.inputs[0].range, { start: { line: 6, character: 4 }, end: { line: 6, character: 8 } });
  });

  it('reads tests and assertions with ranges', () => {
    const [t] = parse(SIMPLE).tests;
    assert.equal(t.name, 'basic');
    assert.deepEqual(t.vars, { text: 'hello' });
    assert.deepEqual(t.nameRange, { start: { line: 11, character: 10 }, end: { line: 11, character: 15 } });
    assert.deepEqual(t.varRange('text'), { start: { line: 13, character: 6 }, end: { line: 13, character: 10 } });
    assert.equal(t.assert[0].type, 'contains');
    assert.equal(t.assert[0].value, 'hello');
    assert.deepEqual(t.assert[0].typeRange, { start: { line: 15, character: 14 }, end: { line: 15, character: 22 } });
    assert.deepEqual(t.range, { start: { line: 11, character: 4 }, end: { line: 16, character: 20 } });
  });

  it('gives test and assertion ranges as own values (spread, JSON and a structured clone keep them) and var ranges when asked', () => {
    const [t] = parse(SIMPLE).tests;
    const expected = {
      range: { start: { line: 11, character: 4 }, end: { line: 16, character: 20 } },
      nameRange: { start: { line: 11, character: 10 }, end: { line: 11, character: 15 } },
      typeRange: { start: { line: 15, character: 14 }, end: { line: 15, character: 22 } },
      assertRange: { start: { line: 15, character: 8 }, end: { line: 16, character: 20 } },
    };
    for (const [how, copy] of [['spread', { ...t, assert: t.assert.map((a) => ({ ...a })) }], ['JSON', JSON.parse(JSON.stringify(t)) as typeof t], ['structuredClone', structuredClone(t)]] as const) {
      assert.deepEqual(copy.range, expected.range, how);
      assert.deepEqual(copy.nameRange, expected.nameRange, how);
      assert.deepEqual(copy.assert[0].typeRange, expected.typeRange, how);
      assert.deepEqual(copy.assert[0].range, expected.assertRange, how);
    }
    assert.deepEqual(t.varRange('text'), { start: { line: 13, character: 6 }, end: { line: 13, character: 10 } });
    // Only the test's own vars: not another key of the YAML, nor what every object inherits.
    for (const name of ['style', 'constructor', '__proto__', 'toString', '']) assert.equal(t.varRange(name), undefined, name);
  });

  it('places test checks on the right items when an item before them is not a mapping', () => {
    const doc = parse([
      '---',
      'tests:',
      '  - just a string',
      '  - name: same',
      '    assert:',
      '      - plain',
      '      - type: regex',
      '        value: "[unclosed"',
      '  - name: same',
      '---',
      'Hi',
      '',
    ].join('\n'));
    const dup = doc.diagnostics.find((d) => d.code === 'PO3005');
    assert.deepEqual(dup?.range, { start: { line: 8, character: 10 }, end: { line: 8, character: 14 } });
    const regex = doc.diagnostics.find((d) => d.code !== 'PO3005' && d.range.start.line === 7);
    assert.ok(regex, `a diagnostic on the regex value; got ${JSON.stringify(doc.diagnostics.map((d) => [d.code, d.range.start]))}`);
    assert.deepEqual(regex.range, { start: { line: 7, character: 15 }, end: { line: 7, character: 26 } });
  });

  it('finds role sections and template nodes', () => {
    const doc = parse(SIMPLE);
    assert.deepEqual(doc.sections.map((s) => s.role), ['system', 'user']);
    assert.deepEqual(doc.sections[0].markerRange, { start: { line: 18, character: 0 }, end: { line: 18, character: 17 } });
    assert.deepEqual(doc.sections[1].range.end, { line: 22, character: 0 });
    const style = doc.templateNodes.find((n) => n.name === 'style');
    assert.deepEqual(style?.range, { start: { line: 19, character: 15 }, end: { line: 19, character: 24 } });
    assert.deepEqual(style?.nameRange, { start: { line: 19, character: 17 }, end: { line: 19, character: 22 } });
    assert.equal(style?.kind, 'variable');
    assert.deepEqual(doc.templateNodes.filter((n) => n.kind === 'helper').map((n) => n.name), ['role', 'role']);
  });

  it('lists every key path', () => {
    const paths = parse(SIMPLE).keys.map((k) => k.path);
    assert.ok(paths.includes('config.temperature'));
    assert.ok(paths.includes('tests[0].assert[0].type'));
    assert.ok(paths.includes('input.schema.style?'));
  });
});

describe('parse: caches never change the result', function () {
  this.timeout(60_000);
  const strip = (d: ReturnType<typeof parse>) => ({ ...d });

  it('gives the same document warm as cold, across edits that move, change and add pieces', () => {
    const base = largePrompt(600);
    const lines = base.split('\n');
    const bodyStart = lines.indexOf('---', 1) + 1;
    const edits = [
      base,
      [...lines.slice(0, bodyStart + 3), 'A new line {{field1}}', ...lines.slice(bodyStart + 3)].join('\n'),
      [...lines.slice(0, 2), '  # a comment', ...lines.slice(2)].join('\n'),
      base.replace('{{#each items}}', '{{#each itemz}}'),
      base.replace('value 0-0', 'value changed'),
      base.replace(/\n/g, '\r\n'),
      `\uFEFF${base}`,
      base,
    ];
    for (const text of edits) {
      const warm = parse(text);
      clearParseCaches();
      const cold = parse(text);
      assert.deepEqual(strip(warm), strip(cold));
      parse(edits[0]);
    }
  });

  it('keeps the frontmatter range exact when two files share the YAML but not the blanks around the fences', () => {
    // Found by the property test: both have empty YAML and the same fence lengths, yet the closing fence sits on another line.
    const pairs = [['---\n---\t\n', '---\n\n---\n'], ['---\n\n---\n', '---\n---\t\n'], ['---\r\n---\n', '---\n\n---\n'], ['---\na: 1\n---\n', '---\na: 1\n---  \n']];
    for (const [first, second] of pairs) {
      clearParseCaches();
      parse(first);
      const warm = parse(second);
      clearParseCaches();
      assert.deepEqual(warm, parse(second), `${JSON.stringify(second)} after ${JSON.stringify(first)}`);
    }
  });
});
