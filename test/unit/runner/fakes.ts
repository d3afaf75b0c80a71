// In-memory collaborators for runner tests: a document builder, a scriptable provider, a store and an evaluator.
import type { AssertionContext, AssertionSummary } from '../../../src/core/assertions/types';
import type { AssertionSpec, PromptDocument, Range, TestSpec } from '../../../src/core/promptFile/model';
import type { ChatRequest, ChatResponse, ProviderClient } from '../../../src/core/providers/types';
import type { CacheKeyParts, RunnerDeps, RunnerStore, RunRecordDraft } from '../../../src/core/runner/types';

export const range0: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

export function spec(type: string, value?: unknown): AssertionSpec {
  return { type, value, raw: { type, value }, range: range0, typeRange: range0 };
}

export function testSpec(name: string, over: Partial<TestSpec> = {}): TestSpec {
  return { name, vars: {}, assert: [], range: { start: { line: 5, character: 2 }, end: { line: 7, character: 0 } }, nameRange: range0, varRange: () => undefined, ...over };
}

export function doc(tests: readonly TestSpec[], model: string | null = 'fake/m1', body = 'Say {{word}}'): PromptDocument {
  return {
    text: `---\nmodel: ${model ?? ''}\n---\n${body}\n`,
    frontmatter: {},
    body,
    bodyRange: range0,
    bodyOffset: 0,
    ...(model !== null ? { model: { value: model, range: range0 } } : {}),
    config: {},
    inputDefaults: {},
    inputs: [],
    output: { format: 'text' },
    tests,
    sections: [],
    templateNodes: [],
    partials: [],
    keys: [],
    diagnostics: [],
  };
}

export class ProviderFailure extends Error {
  constructor(readonly kind: string, message: string) {
    super(message);
  }
}

/** A provider whose reply is `echo:<last user text>` after `delayMs`; it counts calls and peak concurrency. */
export class FakeProvider implements ProviderClient {
  readonly endpoint = 'http://fake.invalid/v1';
  calls = 0;
  active = 0;
  peak = 0;
  aborted = 0;
  /** Replies by text; a function can throw to simulate provider errors. */
  reply: (req: ChatRequest) => string = (req) => `echo:${lastText(req)}`;

  constructor(readonly id = 'fake', public delayMs = 5) {}

  async chat(req: ChatRequest): Promise<ChatResponse> {
    this.calls++;
    this.active++;
    this.peak = Math.max(this.peak, this.active);
    try {
      const text = this.reply(req);
      await sleep(this.delayMs, req.signal, () => this.aborted++);
      if (req.stream === true) for (const part of text.match(/.{1,3}/g) ?? []) req.onChunk?.(part);
      return { text, finishReason: 'stop', usage: { inputTokens: 10, outputTokens: 5 }, latencyMs: this.delayMs, model: req.model, raw: {}, attempts: 1 };
    } finally {
      this.active--;
    }
  }
}

function lastText(req: ChatRequest): string {
  const m = req.messages[req.messages.length - 1];
  return m.content.map((p) => ('text' in p ? p.text : '')).join('');
}

export function sleep(ms: number, signal?: AbortSignal, onAbort?: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      onAbort?.();
      reject(new ProviderFailure('cancelled', 'aborted'));
    }, { once: true });
  });
}

export class MemoryStore implements RunnerStore {
  readonly cache = new Map<string, ChatResponse>();
  readonly records: RunRecordDraft[] = [];
  puts = 0;
  getCached(key: string): Promise<ChatResponse | undefined> {
    return Promise.resolve(this.cache.get(key));
  }
  putCached(key: string, response: ChatResponse): Promise<void> {
    this.puts++;
    this.cache.set(key, response);
    return Promise.resolve();
  }
  appendRun(record: RunRecordDraft): Promise<void> {
    this.records.push(record);
    return Promise.resolve();
  }
}

/** Understands `contains` and `equals` only, which is all the runner tests need. */
export function fakeEvaluate(specs: readonly AssertionSpec[], ctx: AssertionContext): Promise<AssertionSummary> {
  const results = specs.map((s) => {
    const expected = String(s.value);
    const pass = s.type === 'contains' ? ctx.output.includes(expected) : ctx.output === expected;
    return { type: s.type, pass, score: pass ? 1 : 0, reason: pass ? 'ok' : `expected ${expected}, got ${ctx.output}`, weight: 1, range: s.range };
  });
  const pass = results.every((r) => r.pass);
  return Promise.resolve({ pass, score: pass ? 1 : 0, results, reason: pass ? 'passed' : results.find((r) => !r.pass)?.reason ?? '', errored: false });
}

export function fakeDeps(providers: readonly FakeProvider[], store?: RunnerStore): RunnerDeps {
  return {
    render: (document, _filePath, vars, model) => {
      const word = typeof vars.word === 'string' ? vars.word : '';
      return Promise.resolve({
        messages: [{ role: 'user', content: [{ text: document.body.replace('{{word}}', word) }] }],
        ...(model !== undefined ? { model } : document.model !== undefined ? { model: document.model.value } : {}),
        config: {},
        output: { format: 'text' },
        vars,
      });
    },
    client: (ref) => {
      const [id, model] = ref.split('/');
      const p = providers.find((x) => x.id === id);
      if (p === undefined) return Promise.reject(new Error(`unknown provider ${id}`));
      return Promise.resolve({ client: p, model });
    },
    evaluate: fakeEvaluate,
    cacheKey: (parts: CacheKeyParts) => JSON.stringify(parts),
    estimateCost: (_p, _m, usage) => (usage?.inputTokens ?? 0) * 0.001,
    ...(store !== undefined ? { store } : {}),
    now: () => Date.now(),
  };
}
