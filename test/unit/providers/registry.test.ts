// The registry: model references, unknown providers, missing keys, and where keys may go.
import * as assert from 'node:assert/strict';
import type { ProviderConfig } from '../../../src/core/config/types';
import { createProviderClient, envKeyAdvice, parseModelRef } from '../../../src/core/providers/registry';
import { envCredentials } from '../../../src/core/providers/credentials';
import { isProviderError } from '../../../src/core/providers/errors';
import { echoLabel } from '../../../src/core/providers/echo';
import { startMockLlm, type MockLlm } from '../../fixtures/mockLlm/server';
import { keys, request } from './harness';

async function rejection(p: Promise<unknown>): Promise<Error & { kind?: string }> {
  try {
    await p;
  } catch (e) {
    assert.ok(isProviderError(e), `expected a ProviderError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

describe('registry: parseModelRef', () => {
  it('splits provider and model at the first slash', () => {
    assert.deepEqual(parseModelRef('openai/gpt-4o-mini'), { provider: 'openai', model: 'gpt-4o-mini' });
    assert.deepEqual(parseModelRef('openrouter/meta-llama/llama-3.1-8b'), { provider: 'openrouter', model: 'meta-llama/llama-3.1-8b' });
    assert.deepEqual(parseModelRef('ollama/llama3.2:3b'), { provider: 'ollama', model: 'llama3.2:3b' });
    assert.deepEqual(parseModelRef('echo'), { provider: 'echo', model: 'echo' });
  });

  it('rejects bad references with an example of a good one', () => {
    for (const bad of ['gpt-4o', '/gpt-4o', 'openai/', 'open ai/gpt', 'openai/gpt 4o', '']) {
      assert.throws(() => parseModelRef(bad), (e: unknown) => isProviderError(e) && e.kind === 'config' && /write it as provider\/model, e\.g\. openai\/gpt-4o-mini/.test(e.message), bad);
    }
  });
});

describe('registry: createProviderClient', function () {
  this.timeout(10_000);
  let mock: MockLlm;
  before(async () => { mock = await startMockLlm(); });
  after(() => mock.close());
  beforeEach(() => mock.reset());

  it('names the provider choices for an unknown provider', () => {
    assert.throws(() => createProviderClient('mistery', { providers: { lmstudio: { type: 'openai-compatible', baseUrl: 'http://localhost:1234/v1' } } }, { credentials: envCredentials({}) }),
      /unknown provider 'mistery': use one of anthropic, azure, echo, gemini, lmstudio, ollama, openai/);
  });

  it('asks for a baseUrl where one is required', () => {
    assert.throws(() => createProviderClient('azure', undefined, { credentials: envCredentials({}) }), /needs a baseUrl: add providers\.azure\.baseUrl/);
  });

  it('a missing key is an auth error naming the env var and a .env file; nothing is sent', async () => {
    const client = createProviderClient('anthropic', { providers: { anthropic: { type: 'anthropic', baseUrl: mock.urlFor('anthropic') } } }, { credentials: envCredentials({}) });
    const e = await rejection(client.chat(request()));
    assert.equal(e.kind, 'auth');
    assert.equal(e.message, 'no API key for Anthropic: set the ANTHROPIC_API_KEY environment variable, or put ANTHROPIC_API_KEY=… in a .env file in the current folder or a folder above it');
    assert.equal(mock.requests.length, 0);
  });

  it('a missing key is explained the way the host sets keys (the extension names its Set API Key command)', async () => {
    const keyAdvice = (env: string | undefined): string => `set it with 'PromptOps: Set API Key' or ${env}`;
    const client = createProviderClient('anthropic', { providers: { anthropic: { type: 'anthropic', baseUrl: mock.urlFor('anthropic') } } }, { credentials: envCredentials({}), keyAdvice });
    const e = await rejection(client.chat(request()));
    assert.equal(e.message, "no API key for Anthropic: set it with 'PromptOps: Set API Key' or ANTHROPIC_API_KEY");
    assert.equal(envKeyAdvice('/work/app')('MY_KEY'), 'set the MY_KEY environment variable, or put MY_KEY=… in a .env file in /work/app or a folder above it');
  });

  it('a rejected key gives the actionable 401 message, with the host\'s advice', async () => {
    const client = createProviderClient('anthropic', { providers: { anthropic: { type: 'anthropic', baseUrl: mock.urlFor('anthropic'), source: 'user' } } }, { credentials: envCredentials({ ANTHROPIC_API_KEY: 'wrong-key-123456' }) });
    mock.fail({ kind: 'status', status: 401, message: 'invalid x-api-key' });
    const e = await rejection(client.chat(request()));
    assert.equal(e.message, 'Anthropic rejected the API key (401): invalid x-api-key; set the ANTHROPIC_API_KEY environment variable, or put ANTHROPIC_API_KEY=… in a .env file in the current folder or a folder above it');
    assert.ok(!e.message.includes('wrong-key-123456'));
  });

  it('a 404 names the model and the endpoint', async () => {
    const client = createProviderClient('openai', { providers: { openai: { type: 'openai', baseUrl: mock.urlFor('openai'), source: 'user' } } }, { credentials: envCredentials(keys) });
    mock.fail({ kind: 'status', status: 404, message: 'The model `gpt-5x` does not exist' });
    const e = await rejection(client.chat(request({ model: 'gpt-5x' })));
    assert.equal(e.message, `model 'gpt-5x' not found at ${mock.urlFor('openai')} (404): The model \`gpt-5x\` does not exist`);
  });

  it('sends a key only to its own provider: a keyless compatible server gets no Authorization header', async () => {
    const client = createProviderClient('lmstudio', { providers: { lmstudio: { type: 'openai-compatible', baseUrl: mock.urlFor('openai-compatible'), source: 'user' } } }, { credentials: envCredentials(keys) });
    await client.chat(request());
    assert.equal(mock.requests[0]?.headers['authorization'], undefined);
    assert.ok(!JSON.stringify(mock.requests[0]).includes(keys.OPENAI_API_KEY));
  });

  it('a workspace endpoint that would receive a key needs approval, asked once', async () => {
    const entry: ProviderConfig = { type: 'openai', baseUrl: mock.urlFor('openai'), source: 'workspace', configFile: '/ws/promptops.config.yaml' };
    const refused = createProviderClient('openai', { providers: { openai: entry } }, { credentials: envCredentials(keys) });
    const e = await rejection(refused.chat(request()));
    assert.equal(e.kind, 'config');
    assert.match(e.message, /refused to send OPENAI_API_KEY to http:\/\/127\.0\.0\.1:\d+\/openai\/v1: that endpoint comes from the workspace config \/ws\/promptops\.config\.yaml.*--allow-workspace-endpoints/);
    assert.equal(mock.requests.length, 0, 'nothing was sent');

    const asked: string[] = [];
    const approved = createProviderClient('openai', { providers: { openai: entry } }, {
      credentials: envCredentials(keys),
      approveEndpoint: (provider, url) => { asked.push(`${provider} ${url}`); return Promise.resolve(true); },
    });
    await approved.chat(request());
    await approved.chat(request());
    assert.deepEqual(asked, [`openai ${mock.urlFor('openai')}`]);
    assert.equal(mock.requests[0]?.headers['authorization'], `Bearer ${keys.OPENAI_API_KEY}`);
  });

  it('a workspace endpoint that needs no key (local Ollama) needs no approval', async () => {
    const client = createProviderClient('ollama', { providers: { ollama: { type: 'ollama', baseUrl: mock.urlFor('ollama'), source: 'workspace' } } }, { credentials: envCredentials(keys) });
    const r = await client.chat(request());
    assert.match(r.text, /^Mock answer/);
  });

  it('Azure routes a model to its deployment with api-version and the api-key header', async () => {
    const client = createProviderClient('azure', { providers: { azure: { type: 'azure', baseUrl: `${mock.urlFor('azure')}/openai/`, source: 'user', apiVersion: '2025-01-01-preview', deployments: { 'gpt-4o': 'prod-4o' } } } }, { credentials: envCredentials(keys) });
    await client.chat(request({ model: 'gpt-4o' }));
    const r = mock.requests[0];
    assert.equal(r.path, '/azure/openai/deployments/prod-4o/chat/completions');
    assert.equal(r.query['api-version'], '2025-01-01-preview');
    assert.equal(r.headers['api-key'], keys.AZURE_OPENAI_API_KEY);
    assert.equal(r.headers['authorization'], undefined);
  });

  it('Gemini sends its key in a header, never in the URL', async () => {
    const client = createProviderClient('gemini', { providers: { gemini: { type: 'gemini', baseUrl: mock.urlFor('gemini'), source: 'user' } } }, { credentials: envCredentials(keys) });
    await client.chat(request({ stream: true }));
    const r = mock.requests[0];
    assert.equal(r.headers['x-goog-api-key'], keys.GEMINI_API_KEY);
    assert.equal(r.query['key'], undefined);
    assert.equal(r.query['alt'], 'sse');
  });

  it('config headers are sent, but cannot replace the auth header', async () => {
    const client = createProviderClient('openai', { providers: { openai: { type: 'openai', baseUrl: mock.urlFor('openai'), source: 'user', headers: { 'X-Team': 'search', authorization: 'Bearer nope' } } } }, { credentials: envCredentials(keys) });
    await client.chat(request());
    assert.equal(mock.requests[0]?.headers['x-team'], 'search');
    assert.equal(mock.requests[0]?.headers['authorization'], `Bearer ${keys.OPENAI_API_KEY}`);
  });

  it('an endpoint nobody listens on is a network error with a hint, not retried', async () => {
    const closed = await startMockLlm();
    const url = closed.urlFor('ollama');
    await closed.close();
    const client = createProviderClient('ollama', { providers: { ollama: { type: 'ollama', baseUrl: url, source: 'user' } } }, { credentials: envCredentials({}), sleep: () => Promise.reject(new Error('must not retry')) });
    const e = await rejection(client.chat(request()));
    assert.equal(e.kind, 'network');
    assert.match(e.message, /could not connect to http:\/\/127\.0\.0\.1:\d+\/ollama \(ECONNREFUSED\): is Ollama running\? Start it with 'ollama serve'/);
  });

  it('echo returns the rendered prompt, labelled, with zero usage', async () => {
    const client = createProviderClient('echo', undefined, { credentials: envCredentials({}) });
    const chunks: string[] = [];
    const r = await client.chat(request({ stream: true, onChunk: (d) => chunks.push(d) }));
    assert.equal(r.text, '[system]\nYou are terse.\n\n[user]\nSummarise the quarterly report');
    assert.equal(chunks.join(''), r.text);
    assert.deepEqual(r.usage, { inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    assert.equal(r.raw['label'], echoLabel);
    const single = await client.chat(request({ messages: [{ role: 'user', content: [{ text: 'Hi ' }, { media: { url: 'data:image/png;base64,AAAA' } }] }] }));
    assert.equal(single.text, 'Hi [media data:image/png;base64,…]');
  });
});
