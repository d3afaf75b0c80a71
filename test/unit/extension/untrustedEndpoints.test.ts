// The Restricted Mode guard of provider endpoints (src/extension/engine/untrustedEndpoints.ts): nothing goes to an
// endpoint the workspace defined, with or without a key; the user's own endpoints still work.
import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/core/config/config';
import type { PromptOpsConfig, ProviderConfig } from '../../../src/core/config/types';
import { isProviderError } from '../../../src/core/providers/errors';
import { untrustedFetch } from '../../../src/extension/engine/untrustedEndpoints';

function config(providers: Record<string, ProviderConfig>): PromptOpsConfig {
  return { ...defaultConfig('/ws'), providers };
}

function recorder(): { urls: string[]; fetch: (url: string) => Promise<Response> } {
  const urls: string[] = [];
  return { urls, fetch: (url) => (urls.push(url), Promise.resolve(new Response('{}'))) };
}

describe('untrustedFetch', () => {
  it('refuses a workspace-defined endpoint, keyless or not, and names where it was defined', async () => {
    const inner = recorder();
    const guarded = untrustedFetch(config({ local: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1/', source: 'workspace', configFile: '/ws/promptops.config.yaml' } }), inner.fetch);
    const err: unknown = await guarded('http://127.0.0.1:9/v1/chat/completions', {}).then(() => undefined, (e: unknown) => e);
    assert.ok(isProviderError(err));
    assert.equal(err.kind, 'config');
    assert.equal(err.retryable, false);
    assert.match(err.message, /the workspace is not trusted/);
    assert.match(err.message, /\/ws\/promptops\.config\.yaml/);
    assert.deepEqual(inner.urls, []);
  });

  it('lets the user’s own endpoints through, also one the workspace names too', async () => {
    const inner = recorder();
    const guarded = untrustedFetch(config({
      mine: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8/v1', source: 'user' },
      same: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8/v1', source: 'workspace', configFile: '/ws/promptops.config.yaml' },
      other: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9', source: 'workspace' },
    }), inner.fetch);
    await guarded('http://127.0.0.1:8/v1/chat/completions', {});
    await guarded('https://api.openai.com/v1/chat/completions', {});
    // A prefix of the host is not the same endpoint.
    await guarded('http://127.0.0.1:90/chat', {});
    assert.deepEqual(inner.urls, ['http://127.0.0.1:8/v1/chat/completions', 'https://api.openai.com/v1/chat/completions', 'http://127.0.0.1:90/chat']);
    await assert.rejects(guarded('http://127.0.0.1:9/api/chat', {}), /not trusted/);
  });
});
