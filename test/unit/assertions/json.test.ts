import * as assert from 'node:assert/strict';
import { extractJsonValues } from '../../../src/core/assertions/json';
import { evaluateAssertion } from '../../../src/core/assertions/registry';
import { ctx, spec } from './fixtures';

const schema = {
  type: 'object',
  required: ['name', 'tags'],
  properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
};

describe('JSON assertions', () => {
  it('is-json passes on JSON and fails with the parser message', async () => {
    assert.equal((await evaluateAssertion(spec('is-json'), ctx('{"a": 1}'))).reason, 'output is valid JSON');
    const r = await evaluateAssertion(spec('is-json'), ctx('Sure! {"a": 1}'));
    assert.equal(r.pass, false);
    assert.match(r.reason, /^output is not valid JSON \(.+\); output: "Sure! \{\\"a\\": 1\}"$/);
  });

  it('is-json with a schema names the JSON path that failed', async () => {
    assert.equal((await evaluateAssertion(spec('is-json', schema), ctx('{"name":"x","tags":["a"]}'))).pass, true);
    const r = await evaluateAssertion(spec('is-json', schema), ctx('{"name":"x","tags":["a", 3]}'));
    assert.equal(r.pass, false);
    assert.equal(r.reason, 'output JSON does not match the schema: $.tags[1] must be string');
    const missing = await evaluateAssertion(spec('is-json', schema), ctx('{"tags":[]}'));
    assert.equal(missing.reason, "output JSON does not match the schema: $ must have required property 'name'");
  });

  it('an invalid schema is an error result, not a crash', async () => {
    const r = await evaluateAssertion(spec('is-json', { type: 'no-such-type' }), ctx('{}'));
    assert.equal(r.pass, false);
    assert.match(r.error ?? '', /^is-json has an invalid JSON Schema: /);
  });

  it('contains-json finds JSON embedded in prose and code fences, and checks it against the schema', async () => {
    const out = 'Here you go:\n```json\n{"name": "x", "tags": ["a"]}\n```\nAnything else?';
    assert.equal((await evaluateAssertion(spec('contains-json'), ctx(out))).pass, true);
    assert.equal((await evaluateAssertion(spec('contains-json', schema), ctx(out))).pass, true);
    const none = await evaluateAssertion(spec('contains-json'), ctx('no json {here'));
    assert.equal(none.reason, 'output contains no JSON object or array; output: "no json {here"');
    const wrong = await evaluateAssertion(spec('contains-json', schema), ctx('a {"name": 1, "tags": []} b'));
    assert.equal(wrong.reason, 'output contains JSON, but it does not match the schema: $.name must be string');
  });

  it('not-is-json inverts', async () => {
    assert.equal((await evaluateAssertion(spec('not-is-json'), ctx('plain words'))).pass, true);
    const r = await evaluateAssertion(spec('not-is-json'), ctx('[1]'));
    assert.equal(r.pass, false);
    assert.equal(r.reason, 'output is valid JSON (not-is-json expects it not to)');
  });

  it('extractJsonValues skips braces in prose and strings, and bounds its work on hostile text', () => {
    assert.deepEqual(extractJsonValues('x {not json} then {"a":"}"} and [1,2]'), [{ a: '}' }, [1, 2]]);
    const hostile = '{'.repeat(200_000);
    const started = process.hrtime.bigint();
    assert.deepEqual(extractJsonValues(hostile), []);
    assert.ok(process.hrtime.bigint() - started < 30_000_000_000n);
  });

  it('a schema pattern with catastrophic backtracking is stopped', async () => {
    const r = await evaluateAssertion(spec('is-json', { type: 'string', pattern: '^(a+)+$' }), ctx(JSON.stringify(`${'a'.repeat(40)}!`), { timeoutMs: 100 }));
    assert.equal(r.pass, false);
    assert.equal(r.error, 'JSON Schema validation took longer than 100 ms and was stopped');
  });
});
