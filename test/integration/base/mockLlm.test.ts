import * as assert from 'node:assert/strict';
import { mockLlmUrl } from '../helpers/env';

describe('mock LLM server from the driver', () => {
  it('is reachable from the extension host on 127.0.0.1 and speaks the OpenAI wire format', async () => {
    const base = mockLlmUrl();
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${base}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi' }] }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
    assert.equal(typeof body.choices?.[0]?.message?.content, 'string');
  });
});
