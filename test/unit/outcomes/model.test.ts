import * as assert from 'node:assert/strict';
import { outputHash, statusOf, summarize } from '../../../src/core/store/summary';
import { caseParts, guessFormat, searchOutputs, toDetail, toSummary } from '../../../src/extension/outcomes/model';
import { redactText, redactValue } from '../../../src/extension/outcomes/redact';
import { makeRecord } from './fixtures';

const resolve = (p: string): string => `/ws/${p}`;
const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

describe('outcomes host model', () => {
  it('maps a record to a list row', () => {
    const s = toSummary(summarize(makeRecord({ git: { commit: '0123456789abcdef', dirty: true } })), resolve);
    assert.equal(s.promptPath, '/ws/prompts/support.prompt');
    assert.equal(s.promptLabel, 'prompts/support.prompt');
    assert.equal(s.model, 'openai/gpt-4o-mini');
    assert.equal(s.status, 'passed');
    assert.equal(s.versionId, 'a'.repeat(64));
    assert.equal(s.versionLabel, '0123456*');
    assert.equal(s.inputTokens, 12);
    assert.equal(s.outputTokens, 6);
    assert.equal(s.costUsd, 0.00002);
    assert.equal(s.caseKey, 'refund/openai/gpt-4o-mini');
    assert.equal(s.caseLabel, undefined);
    assert.equal(s.origin, 'cli');
    assert.equal(s.message, undefined);
  });

  it('labels versions outside git by snapshot, repeats by number, and drops unknown cost', () => {
    const s = toSummary(summarize(makeRecord({ repeatIndex: 2, costUsd: null })), resolve);
    assert.equal(s.versionLabel, 'snapshot aaaaaaa');
    assert.equal(s.caseLabel, '#3');
    assert.equal('costUsd' in s, false);
  });

  it('keys repeats of one case together and labels dataset rows and repeats', () => {
    const parts = (caseId: string, repeatIndex = 0): unknown => caseParts(makeRecord({ caseId, repeatIndex }));
    assert.deepEqual(parts('refund › openai/gpt-4o'), { caseKey: 'refund › openai/gpt-4o' });
    assert.deepEqual(parts('refund › openai/gpt-4o › row 3'), { caseKey: 'refund › openai/gpt-4o › row 3', caseLabel: 'row 3' });
    assert.deepEqual(parts('refund › openai/gpt-4o › #2', 1), { caseKey: 'refund › openai/gpt-4o', caseLabel: '#2' });
    assert.deepEqual(parts('refund › openai/gpt-4o › row 3 › #1'), { caseKey: 'refund › openai/gpt-4o › row 3', caseLabel: 'row 3 #1' });
    assert.deepEqual(parts('foreign-id', 2), { caseKey: 'foreign-id', caseLabel: '#3' });
  });

  it('tells errored from failed', () => {
    assert.equal(statusOf(makeRecord({ pass: false })), 'failed');
    assert.equal(statusOf(makeRecord({ pass: false, error: { kind: 'timeout', message: 'no reply in 30 s' } })), 'errored');
    const badRegex = { type: 'regex', pass: false, score: 0, reason: 'invalid regex', error: 'Unterminated group', weight: 1, range };
    assert.equal(statusOf(makeRecord({ pass: false, assertions: [badRegex] })), 'errored');
    const notRun = { type: 'javascript', pass: false, score: 0, reason: 'untrusted workspace', notRun: true, weight: 1, range };
    assert.equal(statusOf(makeRecord({ pass: false, assertions: [notRun] })), 'errored');
  });

  it('puts the first problem in the row message', () => {
    const failing = { type: 'contains', pass: false, score: 0, reason: 'expected "30 days", got "no"', weight: 1, range };
    assert.equal(toSummary(summarize(makeRecord({ pass: false, assertions: [failing] })), resolve).message, 'contains: expected "30 days", got "no"');
    const errored = toSummary(summarize(makeRecord({ error: { kind: 'auth', message: 'bad key sk-abcdefghijklmnopqrstu' } })), resolve);
    assert.equal(errored.message, 'auth: bad key [redacted]');
  });

  it('previews the output on one line and hashes the whole of it', () => {
    const long = `first line\n\n  second   line ${'x'.repeat(500)}`;
    const s = toSummary(summarize(makeRecord({ output: long })), resolve);
    assert.ok(s.outputPreview.startsWith('first line second line x'));
    assert.equal(s.outputPreview.length, 160);
    assert.ok(s.outputPreview.endsWith('…'));
    assert.equal(outputHash('abc'), outputHash('abc'));
    assert.notEqual(outputHash(long), outputHash(`${long}.`));
    assert.match(outputHash(''), /^[0-9a-f]{8}$/);
  });

  it('builds the detail with messages, assertions, timing, usage and version', () => {
    const d = toDetail(makeRecord({
      git: { commit: 'c0ffee', dirty: false },
      messages: [
        { role: 'system', content: [{ text: 'Be brief.' }] },
        { role: 'user', content: [{ text: 'Look: ' }, { media: { url: 'data:image/png;base64,AAAA', contentType: 'image/png' } }] },
      ],
    }), resolve);
    assert.deepEqual(d.messages, [
      { role: 'system', text: 'Be brief.' },
      { role: 'user', text: 'Look: [media: image/png (inline data)]' },
    ]);
    assert.deepEqual(d.assertions, [{ type: 'contains', pass: true, score: 1, reason: 'output contains "30 days"', weight: 1 }]);
    assert.deepEqual(d.timing, { latencyMs: 420 });
    assert.deepEqual(d.usage, { inputTokens: 12, outputTokens: 6, totalTokens: 18, costUsd: 0.00002 });
    assert.deepEqual(d.version, { contentHash: 'a'.repeat(64), commit: 'c0ffee', dirty: false });
    assert.equal(d.outputFormat, 'text');
    assert.deepEqual(JSON.parse(d.varsJson), { question: 'Can I get a refund?' });
  });

  it('redacts secrets in vars and provider metadata', () => {
    const record = makeRecord({
      vars: { apiKey: 'sk-live-0123456789abcdef', note: 'Bearer abcdefghijklmnop' },
      endpoint: 'https://x.example/v1?key=AIzaSyA1234567890123456789012',
      providerMeta: { headers: { authorization: 'Bearer sk-0123456789abcdefgh', 'x-request-id': 'req_1' }, echo: 'key sk-abcdefghijklmnopqrst' },
    });
    const d = toDetail(record, resolve);
    const all = `${d.varsJson}\n${d.providerMetaJson}`;
    assert.ok(!all.includes('sk-'), all);
    assert.ok(!all.includes('AIza'), all);
    assert.ok(all.includes('req_1'), 'non-secret metadata stays');
    assert.deepEqual(JSON.parse(d.varsJson), { apiKey: '[redacted]', note: '[redacted]' });
    assert.deepEqual((JSON.parse(d.providerMetaJson) as { response: unknown }).response, {
      headers: { authorization: '[redacted]', 'x-request-id': 'req_1' },
      echo: 'key [redacted]',
    });
  });

  it('shows the finish reason, attempts and the provider reply metadata the runner recorded', () => {
    const d = toDetail(makeRecord({ finishReason: 'length', attempts: 2, providerMeta: { id: 'chatcmpl-1', model: 'gpt-4o-mini-2024-07-18' } }), resolve);
    assert.deepEqual(d.timing, { latencyMs: 420, attempts: 2, finishReason: 'length' });
    const meta = JSON.parse(d.providerMetaJson) as Record<string, unknown>;
    assert.deepEqual(meta.response, { id: 'chatcmpl-1', model: 'gpt-4o-mini-2024-07-18' });
    assert.equal(meta.provider, 'openai');
  });

  it('leaves out reply metadata of the wrong type (a record on disk is untrusted)', () => {
    const bad = { ...makeRecord(), finishReason: 7, attempts: 'two', providerMeta: ['not', 'an', 'object'] } as unknown as ReturnType<typeof makeRecord>;
    const d = toDetail(bad, resolve);
    assert.deepEqual(d.timing, { latencyMs: 420 });
    assert.equal('response' in (JSON.parse(d.providerMetaJson) as object), false);
  });

  it('guesses JSON output', () => {
    assert.equal(guessFormat(' {"a":1} '), 'json');
    assert.equal(guessFormat('[1,2]'), 'json');
    assert.equal(guessFormat('{oops}'), 'text');
    assert.equal(guessFormat('"just a string"'), 'text');
  });

  it('searches full outputs ignoring case', () => {
    const records = [makeRecord({ id: 'a', output: `${'x'.repeat(1000)} NEEDLE` }), makeRecord({ id: 'b', output: 'hay' })];
    assert.deepEqual(searchOutputs(records, 'needle'), ['a']);
    assert.deepEqual(searchOutputs(records, '  '), []);
  });

  it('redacts credential shapes in text and keeps the rest', () => {
    assert.equal(redactText('Authorization: Bearer abc.def-ghi_jkl'), 'Authorization: [redacted]');
    assert.equal(redactText('https://g.example/m?key=AIzaSecret123&alt=sse'), 'https://g.example/m?key=[redacted]&alt=sse');
    assert.equal(redactText('nothing secret here'), 'nothing secret here');
  });

  it('redacts deep values, bounds cycles and copies shared objects', () => {
    const shared = { token: 'x' };
    const cyclic: Record<string, unknown> = { a: shared, b: shared, 'X-Api-Key': 'k' };
    cyclic.self = cyclic;
    const out = redactValue(cyclic) as Record<string, unknown>;
    assert.deepEqual(out.a, { token: 'x' });
    assert.deepEqual(out.b, { token: 'x' });
    assert.equal(out['X-Api-Key'], '[redacted]');
    assert.equal(out.self, '[…]');
    assert.deepEqual(redactValue({ password: 'p', nested: [{ access_token: 't' }] }), { password: '[redacted]', nested: [{ access_token: '[redacted]' }] });
  });
});
