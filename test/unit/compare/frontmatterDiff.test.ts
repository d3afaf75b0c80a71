import * as assert from 'node:assert/strict';
import { readFrontmatter, summarizeFrontmatter } from '../../../src/core/compare/frontmatterDiff';

const prompt = (fm: string, body = 'Hello {{name}}'): string => `---\n${fm}\n---\n${body}\n`;

const texts = (l: string, r: string): string[] => summarizeFrontmatter(l, r).changes.map((c) => c.text);

describe('compare/summarizeFrontmatter', () => {
  it('summarises model, config, output and tests as the issue words them', () => {
    const left = prompt(`model: gpt-4o-mini
config:
  temperature: 0.2
input:
  schema:
    name: string
    tone?: string, how to sound
output:
  format: text
tests:
  - name: greets
    vars: { name: Ann }
    assert:
      - type: contains
        value: Ann`);
    const right = prompt(`model: gpt-4.1-mini
config:
  temperature: 0.7
  maxOutputTokens: 200
input:
  schema:
    name: string
output:
  format: json
tests:
  - name: greets
    vars: { name: Bob }
    assert:
      - type: contains
        value: Ann
  - name: refund
    vars: { name: Cy }`);
    assert.deepEqual(texts(left, right), [
      'model: gpt-4o-mini → gpt-4.1-mini',
      'config.temperature: 0.2 → 0.7',
      'config.maxOutputTokens added: 200',
      "input 'tone' removed",
      'output.format: text → json',
      "test 'refund' added",
      "test 'greets' changed: vars.name",
    ]);
    const areas = summarizeFrontmatter(left, right).changes.map((c) => c.area);
    assert.deepEqual(areas, ['model', 'config', 'config', 'input', 'output', 'tests', 'tests']);
  });

  it('reads inputs from JSON Schema and Picoschema, including optionality and type changes', () => {
    const json = (props: string, req: string): string => prompt(`input:\n  schema:\n    type: object\n    properties:\n${props}\n    required: [${req}]`);
    assert.deepEqual(
      texts(json('      a: { type: string }\n      b: { type: number }', 'a, b'), json('      a: { type: string }\n      b: { type: string }\n      c: { type: string }', 'a')),
      ["input 'b' is now optional", `input 'b': {"type":"number"} → {"type":"string"}`, "input 'c' added"],
    );
    assert.deepEqual(texts(prompt('input:\n  schema:\n    tone: string'), prompt('input:\n  schema:\n    tone?: string')), ["input 'tone' is now optional"]);
    assert.deepEqual(texts(prompt('input:\n  default:\n    tone: warm'), prompt('input:\n  default:\n    tone: dry')), ['input.default.tone: warm → dry']);
  });

  it('detects a renamed test and a removed one, and names unnamed tests by position', () => {
    const l = prompt('tests:\n  - name: a\n    vars: { x: 1 }\n  - name: b\n    vars: { x: 2 }\n  - vars: { x: 3 }');
    const r = prompt('tests:\n  - name: a2\n    vars: { x: 1 }\n  - vars: { x: 4 }');
    assert.deepEqual(texts(l, r), ["test 'a' renamed to 'a2'", "test 'b' removed", "test '#3' removed", "test '#2' added"]);
  });

  it('caps a long list of changes in one area with a count', () => {
    const many = (v: number): string => prompt(`config:\n${Array.from({ length: 10 }, (_, i) => `  k${i}: ${v}`).join('\n')}`);
    const t = texts(many(1), many(2));
    assert.equal(t.length, 6);
    assert.equal(t[5], '… and 5 more changes in config');
  });

  it('summarises added and removed frontmatter and keys outside the known areas', () => {
    assert.deepEqual(texts('Just a body\n', prompt('model: gpt-4o')), ['model added: gpt-4o']);
    assert.deepEqual(texts(prompt('model: gpt-4o\nmetadata: { owner: ann }'), prompt('metadata: { owner: bob }')), ['model removed (was gpt-4o)', 'metadata.owner: ann → bob']);
    assert.deepEqual(texts(prompt('model: x'), prompt('model: x')), []);
  });

  it('reports invalid YAML as a problem naming the side and line instead of throwing', () => {
    const s = summarizeFrontmatter(prompt('model: [unclosed'), prompt('model: gpt-4o'));
    assert.equal(s.problems.length, 1);
    assert.match(s.problems[0] ?? '', /^The left version's frontmatter is not valid YAML \(line 2: .+\)/);
    assert.deepEqual(s.changes.map((c) => c.text), ['model added: gpt-4o']);
    assert.match(readFrontmatter(prompt('- a\n- b'), 'right').problem ?? '', /not a mapping/);
    assert.deepEqual(readFrontmatter(prompt(''), 'left'), { data: {} });
    assert.match(readFrontmatter('---\nmodel: x\nno closing fence', 'left').problem ?? '', /no closing `---`/);
    // A BOM and CRLF line breaks are still a frontmatter block.
    assert.deepEqual(readFrontmatter('\uFEFF---\r\nmodel: x\r\n---\r\nbody', 'left'), { data: { model: 'x' } });
  });

  it('does not expand a YAML alias bomb', () => {
    const bomb = prompt('a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]');
    const s = summarizeFrontmatter(bomb, prompt('model: x'));
    assert.equal(s.problems.length, 1);
  });
});
