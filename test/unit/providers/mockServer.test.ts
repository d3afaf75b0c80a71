// The mock LLM server itself: it must reject what the real APIs reject, or the contract tests prove nothing.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startMockLlm, type MockLlm } from '../../fixtures/mockLlm/server';

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe('mock LLM server', function () {
  this.timeout(15_000);
  let mock: MockLlm;
  before(async () => { mock = await startMockLlm({ apiKeys: { openai: 'sk-right' } }); });
  after(() => mock.close());
  beforeEach(() => mock.reset());

  it('listens on 127.0.0.1 and gives each provider its base URL', () => {
    assert.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(mock.urlFor('anthropic'), `${mock.url}/anthropic`);
    assert.equal(mock.urlFor('gemini'), `${mock.url}/gemini/v1beta`);
  });

  const openaiUrl = (): string => `${mock.urlFor('openai')}/chat/completions`;
  const auth = { authorization: 'Bearer sk-right' };

  it('rejects an unknown field with the provider\'s 400 body', async () => {
    const r = await post(openaiUrl(), { model: 'm', messages: [{ role: 'user', content: 'hi' }], max_output_tokens: 5 }, auth);
    assert.equal(r.status, 400);
    assert.match(JSON.stringify(r.json), /unrecognized field 'max_output_tokens'/);
    assert.equal(mock.validationErrors.length, 1);
  });

  it('rejects wrong shapes per provider', async () => {
    const cases: [string, unknown, Record<string, string>, RegExp][] = [
      [openaiUrl(), { model: 'm', messages: [{ role: 'model', content: 'x' }] }, auth, /invalid role 'model'/],
      [openaiUrl(), { model: 'm', messages: [{ role: 'user', content: 'x' }], stream_options: { include_usage: true } }, auth, /stream_options: only allowed when stream is true/],
      [`${mock.urlFor('anthropic')}/v1/messages`, { model: 'm', messages: [{ role: 'user', content: 'x' }] }, { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, /max_tokens: required/],
      [`${mock.urlFor('anthropic')}/v1/messages`, { model: 'm', max_tokens: 5, messages: [{ role: 'system', content: 'x' }] }, { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, /must be user or assistant/],
      [`${mock.urlFor('gemini')}/models/g:generateContent`, { contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }, { 'x-goog-api-key': 'k' }, /must be user or model/],
      [`${mock.urlFor('gemini')}/models/g:generateContent`, { contents: [{ role: 'user', parts: [{ text: 'x' }] }], generationConfig: { max_tokens: 5 } }, { 'x-goog-api-key': 'k' }, /unrecognized field 'max_tokens'/],
      [`${mock.urlFor('ollama')}/api/chat`, { model: 'm', messages: [{ role: 'user', content: 'x' }], options: { max_tokens: 5 } }, {}, /unrecognized field 'max_tokens'/],
      [`${mock.urlFor('azure')}/openai/deployments/d/chat/completions`, { messages: [{ role: 'user', content: 'x' }] }, { 'api-key': 'k' }, /api-version: required/],
    ];
    for (const [url, body, headers, re] of cases) {
      const r = await post(url, body, headers);
      assert.equal(r.status, 400, url);
      assert.match(JSON.stringify(r.json), re);
    }
  });

  it('checks the key when told which one is right', async () => {
    const r = await post(openaiUrl(), { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { authorization: 'Bearer sk-wrong' });
    assert.equal(r.status, 401);
    assert.match(JSON.stringify(r.json), /Incorrect API key provided/);
  });

  it('answers deterministically from the last user message, and JSON when asked', async () => {
    const text = await post(openaiUrl(), { model: 'm', messages: [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'a' }, { role: 'user', content: 'second' }] }, auth);
    assert.equal((text.json as { choices: { message: { content: string } }[] }).choices[0].message.content, 'Mock answer to: second');
    const json = await post(openaiUrl(), { model: 'm', messages: [{ role: 'user', content: 'q' }], response_format: { type: 'json_object' } }, auth);
    assert.deepEqual(JSON.parse((json.json as { choices: { message: { content: string } }[] }).choices[0].message.content), { answer: 'q' });
  });

  it('follows a script: reply functions, usage, latency, then defaults', async () => {
    mock.script({ reply: (req) => ({ text: `model=${req.model}`, inputTokens: 11, outputTokens: 3 }) }, { reply: 'fixed', latencyMs: 30 });
    const a = await post(openaiUrl(), { model: 'm1', messages: [{ role: 'user', content: 'x' }] }, auth);
    assert.deepEqual((a.json as { usage: unknown }).usage, { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 });
    const b = await post(openaiUrl(), { model: 'm', messages: [{ role: 'user', content: 'x' }] }, auth);
    assert.equal((b.json as { choices: { message: { content: string } }[] }).choices[0].message.content, 'fixed');
    const c = await post(openaiUrl(), { model: 'm', messages: [{ role: 'user', content: 'x' }] }, auth);
    assert.equal((c.json as { choices: { message: { content: string } }[] }).choices[0].message.content, 'Mock answer to: x');
    assert.equal(mock.requests.length, 3);
  });

  it('runs as a standalone process that prints its URLs', async () => {
    const root = join(__dirname, '../../..');
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/fixtures/mockLlm/cli.ts'), '--port', '0', '--latency', '5'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const info = JSON.parse(line) as { url: string; urls: Record<string, string> };
      const r = await post(`${info.urls['ollama']}/api/chat`, { model: 'llama3.2', stream: false, messages: [{ role: 'user', content: 'ping' }] });
      assert.equal((r.json as { message: { content: string } }).message.content, 'Mock answer to: ping');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
