// The runner end to end with the real parser, renderer, providers and assertions, against the loopback mock LLM.
import * as assert from 'node:assert/strict';
import type { PromptOpsConfig } from '../../../src/core/config/types';
import { systemClock, silentLogger } from '../../../src/core/io';
import { parse } from '../../../src/core/promptFile/parse';
import { envCredentials } from '../../../src/core/providers/credentials';
import { createRunnerDeps } from '../../../src/core/runner/deps';
import { runCases } from '../../../src/core/runner/execute';
import { combinePlans, planFile } from '../../../src/core/runner/plan';
import { startMockLlm, type MockLlm } from '../../fixtures/mockLlm/server';
import { MemoryStore } from './fakes';

const PROMPT = `---
model: mock/gpt-4o-mini
tests:
  - name: greets
    vars:
      name: Ada
    assert:
      - type: contains
        value: Hello Ada
  - name: fails on purpose
    vars:
      name: Bob
    assert:
      - type: equals
        value: nope
  - name: flaky
    repeat: 3
    vars:
      name: Cy
    assert:
      - type: icontains
        value: cy
---
Hello {{name}}
`;

const memoryFs = { readFile: () => Promise.reject(new Error('no files')), exists: () => Promise.resolve(false) };

describe('runner against the mock LLM', function () {
  this.timeout(20_000);
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm({ latency: 20 });
  });
  after(() => mock.close());

  function deps(store: MemoryStore, key = 'sk-test'): ReturnType<typeof createRunnerDeps> {
    const config: Pick<PromptOpsConfig, 'providers'> = {
      providers: { mock: { type: 'openai-compatible', baseUrl: mock.urlFor('openai-compatible'), apiKeyEnv: 'MOCK_KEY', maxRetries: 0 } },
    };
    return createRunnerDeps({
      config,
      providerDeps: { credentials: envCredentials({ MOCK_KEY: key }), logger: silentLogger },
      fs: memoryFs,
      clock: systemClock,
      logger: silentLogger,
      store,
      useGit: false,
    });
  }

  it('runs, grades, caches and records real requests', async () => {
    mock.reset();
    const store = new MemoryStore();
    const plan = combinePlans([await planFile(parse(PROMPT), '/ws/hello.prompt')]);
    assert.equal(plan.cases.length, 5);
    const cold = await runCases(plan, deps(store), { concurrency: 3 });
    assert.deepEqual(cold.results.map((r) => r.status), ['passed', 'failed', 'passed', 'passed', 'passed']);
    assert.equal(cold.results[0].output, 'Mock answer to: Hello Ada');
    assert.match(cold.results[1].assertions[0].reason, /nope/);
    assert.ok((cold.results[0].latencyMs ?? 0) >= 20);
    assert.deepEqual(cold.groups.map((g) => `${g.passes}/${g.total}`), ['1/1', '0/1', '3/3']);
    assert.equal(mock.requests.length, 5, 'repetitions are separate requests');
    assert.deepEqual(mock.validationErrors, []);
    assert.equal(store.records.length, 5);

    const warm = await runCases(plan, deps(store), { concurrency: 3 });
    assert.equal(mock.requests.length, 5, 'the rerun is served from the cache');
    assert.ok(warm.results.every((r) => r.cached));
    assert.deepEqual(warm.results.map((r) => r.status), ['passed', 'failed', 'passed', 'passed', 'passed']);
  });

  it('records the finish reason, attempts and redacted provider metadata of each reply', async () => {
    mock.reset();
    mock.fail({ kind: 'status', status: 500, message: 'upstream exploded' }, 1);
    const store = new MemoryStore();
    const config: Pick<PromptOpsConfig, 'providers'> = {
      providers: { mock: { type: 'openai-compatible', baseUrl: mock.urlFor('openai-compatible'), apiKeyEnv: 'MOCK_KEY', maxRetries: 1 } },
    };
    const key = 'sk-secret-meta-0123456789abcdef';
    const d = createRunnerDeps({ config, providerDeps: { credentials: envCredentials({ MOCK_KEY: key }), logger: silentLogger }, fs: memoryFs, clock: systemClock, logger: silentLogger, store, useGit: false });
    const plan = combinePlans([await planFile(parse(PROMPT), '/ws/hello.prompt', { grep: /greets/ })]);
    const summary = await runCases(plan, d);
    assert.equal(summary.results[0].status, 'passed');
    assert.equal(summary.results[0].attempts, 2, 'the 500 was retried once');
    const [record] = store.records;
    assert.equal(record.finishReason, 'stop');
    assert.equal(record.attempts, 2);
    const meta = record.providerMeta ?? {};
    assert.equal(meta['provider'], 'mock');
    assert.match(String(meta['requestId']), /^req_mock_\d+$/);
    assert.equal(typeof meta['id'], 'string');
    assert.equal(meta['model'], 'gpt-4o-mini');
    assert.ok(meta['usage'] !== undefined, 'usage is part of the metadata');
    assert.ok(!JSON.stringify(record).includes(key), 'the key never lands in a record');
  });

  it('reports a provider failure by kind and a bad key as auth', async () => {
    mock.reset();
    mock.fail({ kind: 'status', status: 500, message: 'upstream exploded' }, 1);
    const plan = combinePlans([await planFile(parse(PROMPT), '/ws/hello.prompt', { grep: /greets/ })]);
    const failed = await runCases(plan, deps(new MemoryStore()), { noCache: true });
    assert.equal(failed.results[0].error?.kind, 'server');

    const restricted = await startMockLlm({ apiKeys: { 'openai-compatible': 'right' } });
    try {
      const config = { providers: { mock: { type: 'openai-compatible' as const, baseUrl: restricted.urlFor('openai-compatible'), apiKeyEnv: 'MOCK_KEY', maxRetries: 0 } } };
      const d = createRunnerDeps({ config, providerDeps: { credentials: envCredentials({ MOCK_KEY: 'wrong-secret-123' }) }, fs: memoryFs, clock: systemClock, logger: silentLogger, useGit: false });
      const auth = await runCases(plan, d);
      assert.equal(auth.results[0].error?.kind, 'auth');
      assert.ok(!auth.results[0].error?.message.includes('wrong-secret-123'), 'the key never appears in an error');
    } finally {
      await restricted.close();
    }
  });

  it('streams chunks and cancels an in-flight request at once', async () => {
    mock.reset();
    const chunks: string[] = [];
    const plan = combinePlans([await planFile(parse(PROMPT), '/ws/hello.prompt', { grep: /greets/ })]);
    const streamed = await runCases(plan, deps(new MemoryStore()), { stream: true, noCache: true, onEvent: (e) => e.type === 'chunk' && chunks.push(e.delta) });
    assert.ok(chunks.length > 1);
    assert.equal(chunks.join(''), streamed.results[0].output);

    mock.script({ fault: { kind: 'hang' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const t0 = Date.now();
    const cancelled = await runCases(plan, deps(new MemoryStore()), { noCache: true, signal: controller.signal });
    assert.equal(cancelled.results[0].status, 'cancelled');
    assert.ok(Date.now() - t0 < 5_000);
  });
});
