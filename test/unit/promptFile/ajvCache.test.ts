// validationInput: the merged vars a validator checks, copied deeply only when the schema can write defaults in.
import * as assert from 'node:assert/strict';
import type { ValidateFunction } from 'ajv';
import { clearValidatorIdentities, optionalVariant, validationInput, validatorFor } from '../../../src/core/promptFile/ajvCache';
import { parse } from '../../../src/core/promptFile/parse';

function compiled(schema: Record<string, unknown>): ValidateFunction {
  const v = validatorFor(schema);
  assert.ok(!(v instanceof Error), String(v));
  return v;
}

describe('ajvCache: validationInput', () => {
  it('merges the layers exactly as object spread does (order, overrides, a __proto__ key)', () => {
    const validate = compiled({ type: 'object' });
    const a = JSON.parse('{"b": 1, "a": 2, "2": "x", "__proto__": {"polluted": true}}') as Record<string, unknown>;
    const b = JSON.parse('{"a": 3, "1": "y", "c": [1], "__proto__": 5}') as Record<string, unknown>;
    const merged = validationInput(validate, a, b);
    const spread = { ...a, ...b };
    assert.deepStrictEqual(Object.keys(merged), Object.keys(spread));
    assert.deepStrictEqual(merged, spread);
    assert.equal(Object.getPrototypeOf(merged), Object.prototype);
    assert.equal(Object.prototype.hasOwnProperty.call(merged, '__proto__'), true);
    assert.equal((merged as { polluted?: unknown }).polluted, undefined);
  });

  it('gives a schema without defaults a fresh top-level object, and the validator leaves the layers alone', () => {
    const validate = compiled({ type: 'object', properties: { n: { type: 'object', properties: { x: { type: 'string' } } } } });
    const vars = { n: { x: 'a' } };
    const input = validationInput(validate, {}, vars);
    assert.notEqual(input, vars);
    assert.equal(validate(input), true);
    assert.deepStrictEqual(vars, { n: { x: 'a' } });
  });

  it('copies deeply when the schema has a default anywhere, so the defaults it writes never reach the layers', () => {
    const validate = compiled({
      type: 'object',
      properties: { top: { type: 'string', default: 'd' }, n: { type: 'object', properties: { inner: { type: 'number', default: 7 } } } },
    });
    const defaults = { other: 1 };
    const vars = { n: {} as Record<string, unknown> };
    const input = validationInput(validate, defaults, vars);
    assert.equal(validate(input), true);
    assert.deepStrictEqual(input, { other: 1, top: 'd', n: { inner: 7 } });
    assert.deepStrictEqual(vars, { n: {} });
    assert.deepStrictEqual(defaults, { other: 1 });
  });

  it('parse never writes JSON Schema defaults into a test\'s vars', () => {
    const doc = parse([
      '---',
      'input:',
      '  schema:',
      '    type: object',
      '    properties:',
      '      who: {type: object, properties: {name: {type: string, default: anon}}}',
      '      tone: {type: string, default: warm}',
      'tests:',
      '  - name: t',
      '    vars:',
      '      who: {}',
      '---',
      'Hi {{who.name}} {{tone}}',
      '',
    ].join('\n'));
    assert.deepStrictEqual(doc.tests[0].vars, { who: {} });
    assert.deepStrictEqual(doc.diagnostics.filter((d) => d.code === 'PO3002'), []);
  });
});

describe('ajvCache: optionalVariant', () => {
  it('checks the schema without its required list, and is kept with the validator across cleared identities', () => {
    const validate = compiled({ type: 'object', required: ['a', 'b'], properties: { a: { type: 'string' }, b: { type: 'number' } }, additionalProperties: false });
    const optional = optionalVariant(validate);
    assert.ok(!(optional instanceof Error), String(optional));
    assert.equal(validate({ a: 'x' }), false);
    assert.equal(optional({ a: 'x' }), true);
    assert.equal(optional({ a: 1 }), false);
    assert.equal(optional({ c: 1 }), false);
    assert.equal((optional.schema as Record<string, unknown>).required, undefined);
    assert.deepStrictEqual((validate.schema as Record<string, unknown>).required, ['a', 'b']);
    clearValidatorIdentities();
    assert.equal(optionalVariant(validate), optional);
  });
});
