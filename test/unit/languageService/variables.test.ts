import * as assert from 'node:assert/strict';
import { parse } from '../../../src/core/promptFile/parse';
import { renameVariable, variableAt, variableLocations } from '../../../src/core/languageService/variables';
import { SAMPLE } from './fixtures';

function applyEdits(text: string, edits: readonly { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

const at = (line: number, character: number) => ({ line, character });

describe('languageService/variables', () => {
  const doc = parse(SAMPLE);

  it('finds every occurrence of an input: schema key, template uses reaching the input, each test\'s vars', () => {
    const locs = variableLocations(doc, 'name').map((l) => `${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`);
    assert.deepEqual(locs, [
      '4:4-8', //    input.schema
      '19:13-17', // {{name}}
      '20:51-55', // {{@root.name}}: the input, read from inside #each
      '20:63-67', // {{../name}}
      '22:5-9', //   {{name}}
      '11:6-10', //  tests[0].vars
      '16:12-16', // tests[1].vars (flow mapping)
    ]);
  });

  it('leaves out a same-named path inside #each, which reads the element', () => {
    const locs = variableLocations(doc, 'name');
    assert.ok(!locs.some((l) => l.range.start.line === 20 && l.range.start.character === 36));
  });

  it('includes input.default keys and optional-marked schema keys', () => {
    const locs = variableLocations(doc, 'topic').map((l) => `${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`);
    assert.deepEqual(locs, ['5:4-9', '7:4-9', '22:20-25', '16:23-28']);
  });

  it('resolves the variable under the cursor in the template and on a YAML key', () => {
    assert.equal(variableAt(doc, at(19, 15))?.name, 'name');
    assert.equal(variableAt(doc, at(11, 7))?.name, 'name');
    assert.equal(variableAt(doc, at(5, 5))?.name, 'topic');
    assert.equal(variableAt(doc, at(20, 38)), undefined, 'name inside #each is the element\'s');
    assert.equal(variableAt(doc, at(19, 3)), undefined, 'prose');
  });

  it('renames everywhere at once and the result still parses without new problems', () => {
    const edits = renameVariable(doc, at(22, 6), 'person');
    assert.ok(Array.isArray(edits));
    const renamed = applyEdits(SAMPLE, edits);
    assert.match(renamed, /^ {4}person: string, the user name$/m);
    assert.match(renamed, /^ {6}person: Ada$/m);
    assert.match(renamed, /vars: \{ person: Bob, topic: dogs \}/);
    assert.match(renamed, /\{\{this\}\} \{\{name\}\} \{\{@root\.person\}\} \{\{\.\.\/person\}\}/);
    const before = doc.diagnostics.map((d) => d.code).sort();
    const after = parse(renamed).diagnostics.map((d) => d.code).sort();
    assert.deepEqual(after, before);
  });

  it('refuses invalid names, clashes, and positions that are not variables', () => {
    assert.deepEqual(renameVariable(doc, at(22, 6), '1abc'), { error: "'1abc' is not a valid variable name: use letters, digits, _ or -, starting with a letter." });
    assert.deepEqual(renameVariable(doc, at(22, 6), 'topic'), { error: "An input named 'topic' already exists." });
    assert.ok('error' in renameVariable(doc, at(19, 2), 'x'));
  });

  it('renames a JSON Schema input including its `required` entry', () => {
    const text = ['---', 'input:', '  schema:', '    type: object', '    properties:', '      city: { type: string }', '    required: [city]', '---', 'Weather in {{city}}', ''].join('\n');
    const edits = renameVariable(parse(text), at(8, 13), 'town');
    assert.ok(Array.isArray(edits));
    const out = applyEdits(text, edits);
    assert.match(out, /town: \{ type: string \}/);
    assert.match(out, /required: \[town\]/);
    assert.match(out, /\{\{town\}\}/);
  });
});
