import * as assert from 'node:assert/strict';
import { parse } from '../../../src/core/promptFile/parse';
import { codeActions } from '../../../src/core/languageService/codeActions';
import type { TextEdit } from '../../../src/core/languageService/types';

function apply(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

/** Applies the fix titled `title` for the first diagnostic with `code`, and returns the new text. */
function fix(text: string, code: string, title: RegExp): string {
  const doc = parse(text);
  const d = doc.diagnostics.filter((x) => x.code === code);
  assert.ok(d.length > 0, `expected a ${code} diagnostic, got ${doc.diagnostics.map((x) => x.code).join(', ')}`);
  const actions = codeActions(doc, d, () => undefined);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action, `no action ${title} among ${actions.map((a) => a.title).join(' | ')}`);
  return apply(text, action.edit.edits);
}

const codes = (text: string): string[] => parse(text).diagnostics.map((d) => d.code);

describe('languageService/codeActions', () => {
  describe('declare an undeclared variable', () => {
    it('adds it to an existing Picoschema, at the indentation of its siblings', () => {
      const text = '---\ninput:\n  schema:\n      name: string\n---\nHi {{name}}, {{city}}\n';
      const out = fix(text, 'PO2002', /Declare 'city'/);
      assert.equal(out, '---\ninput:\n  schema:\n      name: string\n      city: string\n---\nHi {{name}}, {{city}}\n');
      assert.deepEqual(codes(out), []);
    });

    it('adds it to a JSON Schema under properties', () => {
      const text = '---\ninput:\n  schema:\n    type: object\n    properties:\n      name: { type: string }\n---\n{{name}} {{city}}\n';
      const out = fix(text, 'PO2002', /Declare 'city'/);
      assert.match(out, /properties:\n {6}name: \{ type: string \}\n {6}city: \{ type: string \}\n---/);
      assert.deepEqual(codes(out), []);
    });

    it('offers nothing to declare into when the schema is a named schema', () => {
      const doc = parse('---\ninput:\n  schema: Person\n---\n{{city}}\n');
      const d = { code: 'PO2002', severity: 'warning' as const, range: doc.templateNodes[0].nameRange, message: 'x', data: { variable: 'city' } };
      assert.deepEqual(codeActions(doc, [d], () => undefined), []);
    });

    it('offers the did-you-mean replacement first when a declared name is close', () => {
      const text = '---\ninput:\n  schema:\n    name: string\n---\n{{nmae}}\n';
      const doc = parse(text);
      const actions = codeActions(doc, doc.diagnostics.filter((d) => d.code === 'PO2002'), () => undefined);
      assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [["Change to 'name'", true], ["Declare 'nmae' in input.schema", false]]);
      assert.equal(apply(text, actions[0].edit.edits), '---\ninput:\n  schema:\n    name: string\n---\n{{name}}\n');
    });
  });

  describe('unused input', () => {
    const text = '---\ninput:\n  schema:\n    name: string\n    extra?: string\n  default:\n    extra: x\n---\nHi {{name}}\n';

    it('removes the declaration and its default', () => {
      const out = fix(text, 'PO2003', /Remove unused input 'extra'/);
      assert.equal(out, '---\ninput:\n  schema:\n    name: string\n---\nHi {{name}}\n');
      assert.ok(!codes(out).includes('PO2003'));
    });

    it('or uses it at the end of the template', () => {
      const out = fix(text, 'PO2003', /Use 'extra'/);
      assert.ok(out.endsWith('Hi {{name}}\n{{extra}}\n'));
      assert.deepEqual(codes(out), []);
    });
  });

  it('fixes a misspelt assertion type', () => {
    const text = '---\ntests:\n  - name: t\n    assert:\n      - type: contians\n        value: x\n---\nQ\n';
    const out = fix(text, 'PO3001', /Change to 'contains'/);
    assert.match(out, /- type: contains\n/);
    assert.ok(!codes(out).includes('PO3001'));
  });

  it('fixes a misspelt frontmatter key', () => {
    const out = fix('---\nmodle: openai/gpt-4o\n---\nQ\n', 'PO1007', /Change to 'model'/);
    assert.equal(out, '---\nmodel: openai/gpt-4o\n---\nQ\n');
  });

  it('fixes a misspelt role inside its quotes', () => {
    const out = fix('{{role "sytem"}}\nQ\n', 'PO2005', /Change to 'system'/);
    assert.equal(out, '{{role "system"}}\nQ\n');
  });

  it('creates a missing partial where the resolver says', () => {
    const doc = parse('{{> header}}\n');
    const d = { code: 'PO2010', severity: 'error' as const, range: doc.partials[0].range, message: 'x', data: { partial: 'header' } };
    const [action] = codeActions(doc, [d], (name) => `/ws/_${name}.prompt`);
    assert.equal(action?.title, "Create partial 'header'");
    assert.equal(action.edit.createFiles?.[0]?.path, '/ws/_header.prompt');
    assert.deepEqual(codes(action.edit.createFiles[0].contents), []);
  });
});
