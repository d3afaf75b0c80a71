import * as assert from 'node:assert/strict';
import { runCases } from '../../../src/core/runner/execute';
import { InFlightRequests } from '../../../src/core/runner/inflight';
import { combinePlans, planFile } from '../../../src/core/runner/plan';
import type { RunEvent } from '../../../src/core/runner/types';
import type { ChatResponse } from '../../../src/core/providers/types';
import { doc, fakeDeps, fakeEvaluate, FakeProvider, MemoryStore, ProviderFailure, spec, testSpec } from './fakes';

async function planOf(tests: Parameters<typeof doc>[0], model: string | null = 'fake/m1'): Promise<ReturnType<typeof combinePlans>> {
  return combinePlans([await planFile(doc(tests, model), '/ws/p.prompt')]);
}

function words(n: number): ReturnType<typeof testSpec>[] {
  return Array.from({ length: n }, (_, i) => testSpec(`t${i}`, { vars: { word: `w${i}` }, assert: [spec('contains', `w${i}`)] }));
}

describe('runner execute', () => {
  it('returns results in plan order whatever the completion order', async () => {
    const p = new FakeProvider();
    // Earlier cases answer slower, so they complete last.
    let n = 20;
    p.reply = (req) => {
      p.delayMs = n-- * 2;
      return `echo:${JSON.stringify(req.messages)}`;
    };
    const finishedOrder: number[] = [];
    const summary = await runCases(await planOf(words(20)), fakeDeps([p]), {
      concurrency: 20,
      onEvent: (e) => e.type === 'finished' && finishedOrder.push(e.case.index),
    });
    assert.deepEqual(summary.results.map((r) => r.index), [...Array(20).keys()]);
    assert.notDeepEqual(finishedOrder, [...Array(20).keys()]);
    assert.equal(summary.passed, 20);
    assert.ok(summary.results.every((r) => r.output?.includes(`w${r.index}`)));
  });

  it('never has more calls in flight than the global and per-provider limits', async () => {
    const a = new FakeProvider('a', 8);
    const b = new FakeProvider('b', 8);
    const tests = [...words(30).map((t) => ({ ...t, models: ['a/x'] })), ...words(30).map((t) => ({ ...t, name: `b${t.name}`, models: ['b/y'] }))];
    let active = 0;
    let peak = 0;
    for (const prov of [a, b]) {
      const chat = prov.chat.bind(prov);
      prov.chat = async (req) => {
        peak = Math.max(peak, ++active);
        try {
          return await chat(req);
        } finally {
          active--;
        }
      };
    }
    const summary = await runCases(await planOf(tests), fakeDeps([a, b]), { concurrency: 5, providerConcurrency: { a: 2 } });
    assert.equal(summary.passed, 60);
    assert.equal(a.peak, 2);
    assert.equal(peak, 5);
    assert.ok(b.peak >= 3, `b should use the free global slots, peak ${b.peak}`);
  });

  it('cancels at once: in-flight requests are aborted and queued cases are reported cancelled', async () => {
    const p = new FakeProvider('fake', 10_000);
    const controller = new AbortController();
    let started = 0;
    const events: RunEvent['type'][] = [];
    const t0 = Date.now();
    const run = runCases(await planOf(words(10)), fakeDeps([p]), {
      concurrency: 3,
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e.type);
        if (e.type === 'started' && ++started === 3) setTimeout(() => controller.abort(), 20);
      },
    });
    const summary = await run;
    assert.ok(Date.now() - t0 < 5_000, 'the run must not wait for the 10 s replies');
    assert.equal(p.aborted, 3);
    assert.ok(summary.results.every((r) => r.status === 'cancelled'));
    assert.equal(events.filter((e) => e === 'finished').length, 10);
    assert.equal(summary.cancelled, 10);
  });

  it('merges identical requests in flight into one provider call', async () => {
    const p = new FakeProvider('fake', 30);
    const same = Array.from({ length: 6 }, (_, i) => testSpec(`same${i}`, { vars: { word: 'x' } }));
    const summary = await runCases(await planOf(same), fakeDeps([p]), { concurrency: 6 });
    assert.equal(p.calls, 1);
    assert.ok(summary.results.every((r) => r.output === 'echo:Say x'));
  });

  it('keeps a merged call alive for the run that was not cancelled', async () => {
    const p = new FakeProvider('fake', 60);
    const inflight = new InFlightRequests<ChatResponse>();
    const plan = await planOf([testSpec('one', { vars: { word: 'z' } })]);
    const c1 = new AbortController();
    const first = runCases(plan, fakeDeps([p]), { inflight, signal: c1.signal });
    const second = runCases(plan, fakeDeps([p]), { inflight });
    setTimeout(() => c1.abort(), 10);
    const [s1, s2] = await Promise.all([first, second]);
    assert.equal(s1.results[0].status, 'cancelled');
    assert.equal(s2.results[0].status, 'passed');
    assert.equal(p.calls, 1);
    assert.equal(p.aborted, 0);
  });

  it('serves a rerun from the cache, and not with noCache or `cache: false`', async () => {
    const p = new FakeProvider();
    const store = new MemoryStore();
    const plan = await planOf([...words(3), testSpec('nocache', { vars: { word: 'n' }, cache: false })]);
    const cold = await runCases(plan, fakeDeps([p], store));
    assert.equal(p.calls, 4);
    assert.equal(cold.cached, 0);
    const cachedEvents: string[] = [];
    const warm = await runCases(plan, fakeDeps([p], store), { onEvent: (e) => e.type === 'cached' && cachedEvents.push(e.case.id) });
    assert.equal(p.calls, 5);
    assert.deepEqual(warm.results.map((r) => r.cached), [true, true, true, false]);
    assert.equal(cachedEvents.length, 3);
    assert.equal(warm.results[0].latencyMs, 5, 'a cached reply keeps the latency of the call that made it');
    await runCases(plan, fakeDeps([p], store), { noCache: true });
    assert.equal(p.calls, 9);
    assert.equal(store.records.length, 12);
  });

  it('never caches errors', async () => {
    const p = new FakeProvider();
    const store = new MemoryStore();
    p.reply = () => {
      throw new ProviderFailure('server', 'HTTP 503 from fake');
    };
    const plan = await planOf(words(1));
    const first = await runCases(plan, fakeDeps([p], store));
    assert.equal(first.results[0].error?.kind, 'server');
    assert.equal(store.puts, 0);
    p.reply = () => 'echo:w0';
    const second = await runCases(plan, fakeDeps([p], store));
    assert.equal(second.results[0].status, 'passed');
    assert.equal(second.results[0].cached, false);
  });

  it('reports N/M passes for repeat against the threshold, with one call per repetition', async () => {
    const p = new FakeProvider();
    let i = 0;
    p.reply = () => (i++ % 4 === 0 ? 'wrong' : 'right');
    const plan = await planOf([
      testSpec('flaky', { repeat: 4, threshold: 0.75, vars: { word: 'f' }, assert: [spec('equals', 'right')] }),
      testSpec('strict', { repeat: 4, vars: { word: 's' }, assert: [spec('equals', 'right')] }),
    ]);
    const summary = await runCases(plan, fakeDeps([p], new MemoryStore()), { concurrency: 1 });
    assert.equal(p.calls, 8);
    const [flaky, strict] = summary.groups;
    assert.deepEqual([flaky.passes, flaky.total, flaky.pass], [3, 4, true]);
    assert.deepEqual([strict.passes, strict.total, strict.pass], [3, 4, false]);
    assert.equal(summary.passed, 1);
    assert.equal(summary.failed, 1);
  });

  it('reports errors by kind: render, no model, provider setup, provider errors', async () => {
    const p = new FakeProvider();
    p.reply = (req) => {
      if (lastWord(req) === 'limit') throw new ProviderFailure('rate-limit', '429 Too Many Requests');
      return 'ok';
    };
    const deps = fakeDeps([p]);
    const render = deps.render.bind(deps);
    deps.render = (d, f, vars, m) => (vars.word === 'bad' ? Promise.reject(new Error('missing variable "name" (line 3)')) : render(d, f, vars, m));
    const plan = combinePlans([
      await planFile(doc([testSpec('bad', { vars: { word: 'bad' } }), testSpec('limit', { vars: { word: 'limit' } }), testSpec('setup', { models: ['nope/x'] })]), '/a.prompt'),
      await planFile(doc([testSpec('nomodel')], null), '/b.prompt'),
    ]);
    const summary = await runCases(plan, deps);
    assert.deepEqual(summary.results.map((r) => r.error?.kind), ['render', 'rate-limit', 'provider-setup', 'no-model']);
    assert.match(summary.results[0].error?.message ?? '', /missing variable "name"/);
    assert.ok(summary.results.every((r) => r.status === 'error'));
    assert.equal(summary.errors, 4);
  });

  it('stops starting cases after the first failure with bail', async () => {
    const p = new FakeProvider();
    const tests = words(10);
    tests[0] = { ...tests[0], assert: [spec('equals', 'never')] };
    const summary = await runCases(await planOf(tests), fakeDeps([p]), { concurrency: 1, bail: true });
    assert.equal(summary.results[0].status, 'failed');
    assert.ok(summary.results.slice(1).every((r) => r.status === 'cancelled' && /--bail/.test(r.error?.message ?? '')));
    assert.equal(p.calls, 1);
  });

  it('streams chunks, fills cost and tokens, and records each case with its prompt snapshot', async () => {
    const p = new FakeProvider();
    const store = new MemoryStore();
    const chunks: string[] = [];
    const deps = { ...fakeDeps([p], store), gitInfo: () => Promise.resolve({ commit: 'abc123', dirty: true }) };
    const summary = await runCases(await planOf(words(1)), deps, {
      stream: true,
      tool: 'editor',
      runId: 'run-1',
      onEvent: (e) => e.type === 'chunk' && chunks.push(e.delta),
    });
    assert.equal(chunks.join(''), 'echo:Say w0');
    const r = summary.results[0];
    assert.deepEqual(r.usage, { inputTokens: 10, outputTokens: 5 });
    assert.equal(r.costUsd, 0.01);
    assert.equal(summary.costUsd, 0.01);
    const rec = store.records[0];
    assert.equal(rec.tool, 'editor');
    assert.equal(rec.runId, 'run-1');
    assert.deepEqual(rec.git, { commit: 'abc123', dirty: true });
    assert.match(rec.promptHash, /^[0-9a-f]{64}$/);
    assert.match(rec.promptText, /Say \{\{word\}\}/);
    assert.equal(rec.provider, 'fake');
    assert.equal(rec.model, 'm1');
    assert.equal(rec.endpoint, p.endpoint);
    assert.equal(rec.output, 'echo:Say w0');
  });

  it('keepMessages: false drops rendered messages from the results, not from the records or the events', async () => {
    const store = new MemoryStore();
    const finished: RunEvent[] = [];
    const summary = await runCases(await planOf(words(3)), fakeDeps([new FakeProvider()], store), {
      keepMessages: false,
      onEvent: (e) => e.type === 'finished' && finished.push(e),
    });
    assert.equal(summary.passed, 3);
    assert.ok(summary.results.every((r) => r.messages === undefined && r.output?.startsWith('echo:Say w') === true));
    assert.equal(store.records.length, 3);
    assert.ok(store.records.every((r) => r.messages.length > 0), 'the run records keep the messages');
    assert.ok(finished.every((e) => e.type === 'finished' && (e.result.messages?.length ?? 0) > 0));
    const kept = await runCases(await planOf(words(1)), fakeDeps([new FakeProvider()]));
    assert.ok((kept.results[0].messages?.length ?? 0) > 0, 'messages are kept by default');
  });

  it('keepPassingDetail: false keeps only totals of passing cases in the results; failures, records and events stay whole', async () => {
    const store = new MemoryStore();
    const p = new FakeProvider('fake', 5);
    // Case t1's reply lacks its word, so it fails; the others pass.
    p.reply = (req) => (lastWord(req) === 'w1' ? 'echo:nothing' : `echo:${lastWord(req)}`);
    const finished: RunEvent[] = [];
    const summary = await runCases(await planOf(words(3)), fakeDeps([p], store), {
      keepPassingDetail: false,
      onEvent: (e) => e.type === 'finished' && finished.push(e),
    });
    assert.equal(summary.passed, 2);
    assert.equal(summary.failed, 1);
    const [pass0, fail1, pass2] = summary.results;
    for (const r of [pass0, pass2]) {
      assert.equal(r.status, 'passed');
      assert.equal(r.output, undefined);
      assert.equal(r.messages, undefined);
      assert.deepEqual(r.assertions, []);
      assert.equal(r.latencyMs, 5, 'latency stays for the per-test table');
      assert.equal(r.costUsd, 0.01, 'cost stays for the totals');
      assert.equal(r.score, 1);
    }
    assert.ok(Math.abs((summary.costUsd ?? 0) - 0.03) < 1e-9, 'the cost of every case is summed');
    assert.equal(fail1.status, 'failed');
    assert.equal(fail1.output, 'echo:nothing', 'a failure keeps its output');
    assert.equal(fail1.assertions.length, 1);
    assert.equal(fail1.assertions[0].pass, false);
    assert.ok(store.records.every((r) => r.output.startsWith('echo:') && r.assertions.length === 1), 'the run records are whole');
    assert.ok(finished.every((e) => e.type === 'finished' && e.result.output !== undefined && e.result.assertions.length === 1), 'the events are whole');
    const kept = await runCases(await planOf(words(1)), fakeDeps([new FakeProvider()]));
    assert.equal(kept.results[0].output, 'echo:Say w0', 'passing detail is kept by default');
  });

  it('passes the real latency and cost to the assertions and grades llm-rubric through the grader', async () => {
    const p = new FakeProvider('fake', 7);
    const grader = new FakeProvider('judge', 1);
    grader.reply = () => '{"pass":true,"score":1,"reason":"fine"}';
    const deps = fakeDeps([p, grader]);
    const seen: unknown[] = [];
    deps.evaluate = async (_specs, ctx) => {
      const graded = await ctx.grade?.('is it fine?', {});
      seen.push(ctx.latencyMs, ctx.costUsd, graded);
      return { pass: true, score: 1, results: [], reason: 'ok', errored: false };
    };
    await runCases(await planOf([testSpec('g', { assert: [spec('llm-rubric', 'polite')] })]), deps, { graderModel: 'judge/j1' });
    assert.deepEqual(seen, [7, 0.01, '{"pass":true,"score":1,"reason":"fine"}']);
    assert.equal(grader.calls, 1);
  });
});

describe('runner execute: the next request goes out before the previous reply is assessed', () => {
  it('work the next call defers to the next tick (the HTTP agent\'s socket write) runs before the finished case is assessed', async () => {
    const p = new FakeProvider('fake', 2);
    const order: string[] = [];
    const chat = p.chat.bind(p);
    p.chat = (req) => {
      const word = lastWord(req);
      order.push(`call ${word}`);
      // node:http assigns a kept-alive socket and writes the request on the next tick, not in the call itself.
      process.nextTick(() => order.push(`sent ${word}`));
      return chat(req);
    };
    const deps = fakeDeps([p]);
    deps.evaluate = (specs, ctx) => {
      order.push(`assess ${/w\d+/.exec(ctx.output)?.[0] ?? '?'}`);
      return fakeEvaluate(specs, ctx);
    };
    const summary = await runCases(await planOf(words(3)), deps, { concurrency: 1 });
    assert.equal(summary.passed, 3);
    assert.ok(order.indexOf('sent w1') >= 0 && order.indexOf('sent w1') < order.indexOf('assess w0'), order.join(', '));
    assert.ok(order.indexOf('sent w2') < order.indexOf('assess w1'), order.join(', '));
  });

  it('a reply that has arrived frees its slot before the client finishes it, so the next case is sent first; never more in flight', async () => {
    const p = new FakeProvider('fake', 2);
    const order: string[] = [];
    let inFlight = 0;
    let peak = 0;
    p.chat = async (req) => {
      const word = lastWord(req);
      order.push(`call ${word}`);
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      req.onReceived?.();
      // The client parses the reply later (here: well after the next case could have been sent).
      await new Promise((r) => setTimeout(r, 10));
      order.push(`parsed ${word}`);
      return { text: `echo:${word}`, finishReason: 'stop', latencyMs: 2, model: req.model, raw: {}, attempts: 1 };
    };
    const summary = await runCases(await planOf(words(4)), fakeDeps([p]), { concurrency: 1 });
    assert.equal(summary.passed, 4);
    assert.equal(peak, 1, 'one request in flight at a time');
    for (let i = 1; i < 4; i++) assert.ok(order.indexOf(`call w${i}`) < order.indexOf(`parsed w${i - 1}`), order.join(', '));
  });
});

function lastWord(req: { messages: readonly { content: readonly unknown[] }[] }): string {
  const text = JSON.stringify(req.messages);
  return /Say (\w+)/.exec(text)?.[1] ?? '';
}
