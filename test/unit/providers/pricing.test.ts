// Cost estimates: catalogue prices, snapshots, overrides, free local models, and "unknown" instead of a fake zero.
import * as assert from 'node:assert/strict';
import { catalog, estimateCost, findCatalogModel } from '../../../src/core/providers/pricing';

const usage = { inputTokens: 1_000_000, outputTokens: 100_000 };

describe('pricing', () => {
  it('prices a catalogued model from the table', () => {
    assert.equal(estimateCost('openai', 'gpt-4o-mini', usage), 0.15 + 0.06);
    assert.equal(estimateCost('anthropic', 'claude-sonnet-4-5', usage), 3 + 1.5);
    assert.equal(estimateCost('gemini', 'gemini-2.5-flash', { inputTokens: 2000, outputTokens: 1000 }), (2000 * 0.3 + 1000 * 2.5) / 1e6);
  });

  it('prices dated snapshots and aliases like their model', () => {
    assert.equal(findCatalogModel('openai', 'gpt-4o-mini-2024-07-18')?.id, 'gpt-4o-mini');
    assert.equal(findCatalogModel('anthropic', 'claude-sonnet-4-5-20250929')?.id, 'claude-sonnet-4-5');
    assert.equal(findCatalogModel('anthropic', 'claude-sonnet-4-20250514')?.id, 'claude-sonnet-4');
    assert.equal(findCatalogModel('anthropic', 'claude-sonnet-4-0')?.id, 'claude-sonnet-4');
    assert.equal(findCatalogModel('anthropic', 'claude-3-5-haiku-latest')?.id, 'claude-3-5-haiku');
    assert.equal(findCatalogModel('gemini', 'models/gemini-2.0-flash-001')?.id, 'gemini-2.0-flash');
    assert.equal(findCatalogModel('ollama', 'llama3.2:3b')?.id, 'llama3.2');
    // A different model that merely shares a prefix is not the same price.
    assert.equal(findCatalogModel('openai', 'gpt-4o-mini-search-preview'), undefined);
    assert.equal(findCatalogModel('openai', 'gpt-4.1-mini')?.id, 'gpt-4.1-mini');
  });

  it('uses the long-context tier above its threshold', () => {
    assert.equal(estimateCost('gemini', 'gemini-2.5-pro', { inputTokens: 100_000, outputTokens: 0 }), 0.125);
    assert.equal(estimateCost('gemini', 'gemini-2.5-pro', { inputTokens: 300_000, outputTokens: 0 }), 0.75);
  });

  it('says unknown (undefined) for unknown models or missing usage, never zero', () => {
    assert.equal(estimateCost('openai', 'gpt-5x', usage), undefined);
    assert.equal(estimateCost('openai', 'gpt-4o', undefined), undefined);
    assert.equal(estimateCost('openai', 'gpt-4o', { inputTokens: 10 }), undefined);
    assert.equal(estimateCost('mystery', 'm', usage), undefined);
  });

  it('echo and local Ollama are free; a remote Ollama is unknown', () => {
    assert.equal(estimateCost('echo', 'echo', undefined), 0);
    assert.equal(estimateCost('ollama', 'some-model-not-listed', usage), 0);
    assert.equal(estimateCost({ providers: { ollama: { type: 'ollama', baseUrl: 'http://127.0.0.1:11434' } } }, 'ollama', 'llama3.2', usage), 0);
    assert.equal(estimateCost({ providers: { ollama: { type: 'ollama', baseUrl: 'https://ollama.com' } } }, 'ollama', 'llama3.2', usage), undefined);
  });

  it('config overrides win, and give Azure and compatible servers a price', () => {
    const config = { providers: {
      openai: { type: 'openai' as const, prices: { 'gpt-4o': { inputPerMTok: 1, outputPerMTok: 2 } } },
      azure: { type: 'azure' as const, baseUrl: 'https://x.openai.azure.com', prices: { 'prod-gpt4o': { inputPerMTok: 2.5, outputPerMTok: 10 } } },
      together: { type: 'openai-compatible' as const, baseUrl: 'https://api.together.xyz/v1' },
    } };
    assert.equal(estimateCost(config, 'openai', 'gpt-4o', usage), 1.2);
    assert.equal(estimateCost(config, 'openai', 'gpt-4o-mini', usage), 0.21);
    assert.equal(estimateCost(config, 'azure', 'prod-gpt4o', usage), 3.5);
    assert.equal(estimateCost(config, 'azure', 'gpt-4o', usage), undefined);
    assert.equal(estimateCost(config, 'together', 'gpt-4o', usage), undefined);
    assert.equal(estimateCost(config, 'anthropic', 'claude-haiku-4-5', usage), 1.5);
    assert.equal(estimateCost('openai', 'ft:gpt-4o-mini:acme', usage, { 'ft:gpt-4o-mini:acme': { inputPerMTok: 0.3, outputPerMTok: 1.2 } }), 0.42);
  });

  it('the catalogue is dated and every entry is well formed', () => {
    assert.match(catalog.pricesAsOf, /^\d{4}-\d{2}-\d{2}$/);
    for (const [provider, models] of Object.entries(catalog.providers)) {
      for (const [id, m] of Object.entries(models)) {
        assert.ok(m.contextWindow > 0 && m.inputPerMTok >= 0 && m.outputPerMTok >= m.inputPerMTok, `${provider}/${id}`);
      }
    }
  });
});
