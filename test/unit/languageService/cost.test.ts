import * as assert from 'node:assert/strict';
import { ASSUMED_REPLY_TOKENS, callCost, suiteCost } from '../../../src/core/languageService/cost';
import { formatUsd } from '../../../src/core/languageService/modelText';
import { countMessageTokens, countTextTokens, openAiEncoding } from '../../../src/core/languageService/tokens';
import type { ModelInfo } from '../../../src/core/languageService/types';

const mini: ModelInfo = { id: 'openai/gpt-4o-mini', provider: 'openai', inputPerMillion: 0.15, outputPerMillion: 0.6 };
const lookup = (id: string): ModelInfo | undefined => (id === mini.id ? mini : undefined);

describe('languageService/cost and tokens', () => {
  it('prices one call with the assumed reply, bounded by maxOutputTokens', () => {
    assert.deepEqual(callCost(1000, mini), { usd: (1000 * 0.15 + ASSUMED_REPLY_TOKENS * 0.6) / 1e6, replyTokens: ASSUMED_REPLY_TOKENS });
    assert.equal(callCost(1000, mini, 50)?.replyTokens, 50);
    assert.equal(callCost(1000, undefined), undefined);
    assert.equal(callCost(1000, { id: 'x/y', provider: 'x' }), undefined);
  });

  it('multiplies a suite by models, repeats and dataset rows, and counts unpriced calls apart', () => {
    const one = callCost(500, mini)!.usd;
    const s = suiteCost([
      { promptTokens: 500, models: ['openai/gpt-4o-mini'], repeat: 3, rows: 1 },
      { promptTokens: 500, models: ['openai/gpt-4o-mini', 'acme/unknown'], repeat: 1, rows: 4 },
    ], lookup);
    assert.equal(s.calls, 3 + 8);
    assert.equal(s.unpricedCalls, 4);
    assert.ok(Math.abs(s.usd - one * 7) < 1e-12);
  });

  it('formats small and large sums', () => {
    assert.equal(formatUsd(0), '$0');
    assert.equal(formatUsd(0.000312), '$0.00031');
    assert.equal(formatUsd(1.23456), '$1.235');
    assert.equal(formatUsd(123.456), '$123.46');
  });

  it('picks OpenAI encodings by model family and nothing for other providers', () => {
    assert.equal(openAiEncoding('openai/gpt-4o-mini'), 'o200k_base');
    assert.equal(openAiEncoding('openai/gpt-4-turbo'), 'cl100k_base');
    assert.equal(openAiEncoding('anthropic/claude-sonnet-4-5'), undefined);
    assert.equal(openAiEncoding(undefined), undefined);
  });

  it('counts exactly for OpenAI (known o200k counts) and marks other providers as estimates', async function () {
    this.timeout(30_000); // the first use builds the encoding's rank table
    assert.deepEqual(await countTextTokens('Hello world, this is a test.', 'openai/gpt-4o'), { tokens: 8, exact: true });
    assert.deepEqual(await countTextTokens('Hello world, this is a test.', 'gemini/gemini-2.5-flash'), { tokens: 8, exact: false });
    const chat = await countMessageTokens([{ role: 'user', content: [{ text: 'Hello world, this is a test.' }] }], 'openai/gpt-4o');
    // 8 content tokens + 1 for the role + 3 per message + 3 for the reply's framing.
    assert.deepEqual(chat, { tokens: 15, exact: true });
    const media = await countMessageTokens([{ role: 'user', content: [{ media: { url: 'https://x/y.png' } }] }], 'openai/gpt-4o');
    assert.equal(media.exact, false, 'images are not counted exactly');
  });
});
