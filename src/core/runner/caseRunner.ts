// Runs one planned case: render, cache lookup, provider call (merged with identical calls in flight), assertions,
// and the run record. Never throws: every failure becomes a result with an error kind.
import type { Message, PromptDocument } from '../promptFile/model';
import { isProviderError } from '../providers/errors';
import type { ChatRequest, ChatResponse, ProviderClient } from '../providers/types';
import type { InFlightRequests } from './inflight';
import { CancelledError, raceAbort, type Semaphore } from './limiter';
import type { AssertionSummary } from '../assertions/types';
import type { CaseError, CaseResult, PlannedCase, RunErrorKind, RunnerDeps, RunOptions } from './types';

/** Where a case was sent, as far as it got; the run record keeps it. */
export interface CaseTarget {
  provider: string;
  model: string;
  endpoint: string;
}

/** What every case of one run shares. */
export interface CaseContext {
  readonly deps: RunnerDeps;
  readonly options: RunOptions;
  readonly signal: AbortSignal;
  readonly inflight: InFlightRequests<ChatResponse>;
  readonly slots: (provider: string) => readonly Semaphore[];
  readonly document: (filePath: string) => PromptDocument;
  /** Queues the run record; the run waits for every record before it resolves. */
  readonly record: (c: PlannedCase, result: CaseResult, target: CaseTarget, providerMeta?: Readonly<Record<string, unknown>>) => void;
  readonly emitChunk: (c: PlannedCase, delta: string) => void;
  /** Work the case does not wait for (cache writes); the run waits for all of it before it resolves. */
  readonly background: (work: Promise<void>) => void;
  readonly emitCached: (c: PlannedCase) => void;
}

const PROVIDER_KINDS = new Set<string>([
  'auth', 'not-found', 'bad-request', 'rate-limit', 'server', 'network', 'timeout', 'cancelled', 'bad-response', 'config',
]);

class CaseFailure extends Error {
  constructor(readonly kind: RunErrorKind, message: string, readonly messages?: readonly Message[]) {
    super(message);
  }
}

/** Runs a case to a result; failures are reported in the result, never thrown. */
export async function runCase(c: PlannedCase, ctx: CaseContext): Promise<CaseResult> {
  let messages: readonly Message[] | undefined;
  const target: CaseTarget = splitRef(c.model);
  try {
    if (ctx.signal.aborted) throw new CancelledError();
    const document = ctx.document(c.filePath);
    const rendered = await attempt('render', () => ctx.deps.render(document, c.filePath, c.vars, c.model));
    messages = rendered.messages;
    const modelRef = c.model ?? rendered.model;
    if (modelRef === undefined) {
      throw new CaseFailure('no-model', 'no model: set `model:` in the prompt file, `models:` on the test, or pass --model');
    }
    Object.assign(target, splitRef(modelRef));
    const { client, model } = await attempt('provider-setup', () => ctx.deps.client(modelRef));
    Object.assign(target, { provider: client.id, model, endpoint: client.endpoint });
    const request = { model, config: rendered.config, output: rendered.output, messages: rendered.messages };
    const key = ctx.deps.cacheKey({ provider: client.id, endpoint: client.endpoint, ...request, repeatIndex: c.repeatIndex });
    const useCache = ctx.options.noCache !== true && c.test.cache !== false && ctx.deps.store !== undefined;
    let response = useCache ? await lookup(ctx, key) : undefined;
    const cached = response !== undefined;
    if (response !== undefined) ctx.emitCached(c);
    else {
      response = await call(ctx, c, client, key, request);
      // The reply freed a slot and the case waiting for it has queued its request, but the socket write happens on
      // the next tick, after every microtask: without this yield it would wait for this case's assertions, record
      // and the next case's rendering, and the provider would sit idle for that long on every reply.
      await yieldToIo();
      // Written in the background: the cache batches writes, and the case has nothing to wait for.
      if (useCache) ctx.background(store(ctx, key, response));
    }
    const costUsd = ctx.deps.estimateCost(client.id, model, response.usage);
    const outcome = await assess(ctx, c, response, rendered.output.format, costUsd);
    const result: CaseResult = {
      caseId: c.id,
      index: c.index,
      status: outcome.errored ? 'error' : outcome.pass ? 'passed' : 'failed',
      messages,
      output: response.text,
      assertions: outcome.results,
      score: outcome.score,
      pass: outcome.pass,
      latencyMs: response.latencyMs,
      ...(response.usage !== undefined ? { usage: response.usage } : {}),
      ...(costUsd !== undefined ? { costUsd } : {}),
      cached,
      ...(outcome.errored ? { error: { kind: 'assertion' as const, message: outcome.reason } } : {}),
      finishReason: response.finishReason,
      attempts: response.attempts,
    };
    // The reply's metadata goes to the run record only: results are held for the whole run, records are not.
    ctx.record(c, result, target, response.usage !== undefined ? { ...response.raw, usage: response.usage } : response.raw);
    return result;
  } catch (e) {
    const error = toCaseError(e, ctx.signal);
    // A provider that answered with an error still says how often it was asked and with what status.
    const failed = isProviderError(e) ? e : undefined;
    const result: CaseResult = {
      caseId: c.id,
      index: c.index,
      status: error.kind === 'cancelled' ? 'cancelled' : 'error',
      ...(messages !== undefined ? { messages } : {}),
      assertions: [],
      score: 0,
      pass: false,
      cached: false,
      error,
      ...(failed !== undefined ? { attempts: failed.attempts } : {}),
    };
    if (result.status !== 'cancelled') ctx.record(c, result, target, failed !== undefined && failed.status !== undefined ? { status: failed.status } : undefined);
    return result;
  }
}

async function attempt<T>(kind: RunErrorKind, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    throw new CaseFailure(errorKindOf(e) ?? kind, messageOf(e));
  }
}

async function lookup(ctx: CaseContext, key: string): Promise<ChatResponse | undefined> {
  try {
    return await ctx.deps.store?.getCached(key);
  } catch (e) {
    ctx.deps.warn?.(`cache lookup failed, calling the provider: ${messageOf(e)}`);
    return undefined;
  }
}

async function store(ctx: CaseContext, key: string, response: ChatResponse): Promise<void> {
  try {
    await ctx.deps.store?.putCached(key, response);
  } catch (e) {
    ctx.deps.warn?.(`could not cache a response: ${messageOf(e)}`);
  }
}

/** The provider call proper; slots are taken inside the shared call so merged cases do not hold any. */
async function call(
  ctx: CaseContext,
  c: PlannedCase,
  client: ProviderClient,
  key: string,
  request: Pick<ChatRequest, 'model' | 'config' | 'output' | 'messages'>,
): Promise<ChatResponse> {
  const stream = ctx.options.stream === true;
  const { value } = await ctx.inflight.run(
    key,
    async (signal, emit) => {
      const releases: (() => void)[] = [];
      // Releasing twice is harmless: the slots go back when the reply is in, or at the latest when the call ends.
      const release = (): void => {
        for (const r of releases.reverse()) r();
        releases.length = 0;
      };
      try {
        for (const s of ctx.slots(client.id)) releases.push(await s.acquire(signal));
        // A reply that has arrived frees its slots before it is parsed, so the next case's request goes out first.
        const pending = client.chat({ ...request, signal, stream, onReceived: release, ...(stream ? { onChunk: emit } : {}) });
        return await raceAbort(pending, signal);
      } finally {
        release();
      }
    },
    ctx.signal,
    stream ? (delta) => ctx.emitChunk(c, delta) : undefined,
  );
  return value;
}

async function assess(
  ctx: CaseContext,
  c: PlannedCase,
  response: ChatResponse,
  outputFormat: 'text' | 'json',
  costUsd: number | undefined,
): Promise<AssertionSummary> {
  if (c.test.assert.length === 0) return { pass: true, score: 1, results: [], reason: 'no assertions', errored: false };
  return attempt('assertion', () =>
    ctx.deps.evaluate(c.test.assert, {
      output: response.text,
      outputFormat,
      vars: c.vars,
      latencyMs: response.latencyMs,
      costUsd: costUsd ?? null,
      trustCode: ctx.options.allowJavascript === true,
      signal: ctx.signal,
      grade: (prompt, options) => grade(ctx, prompt, options.provider, options.signal),
      ...(c.test.threshold !== undefined && c.repeatCount <= 1 ? { threshold: c.test.threshold } : {}),
    }),
  );
}

/** Asks the grader model for llm-rubric; it shares the provider slots with the cases. */
async function grade(ctx: CaseContext, prompt: string, model: string | undefined, signal: AbortSignal | undefined): Promise<string> {
  const ref = model ?? ctx.options.graderModel;
  if (ref === undefined) {
    throw new Error('llm-rubric needs a grader model: set `provider:` on the assertion, or `grader:` in promptops.config.yaml (the CLI also takes --grader, VS Code the promptops.grader setting)');
  }
  const { client, model: id } = await ctx.deps.client(ref);
  const abort = signal ?? ctx.signal;
  const releases: (() => void)[] = [];
  try {
    for (const s of ctx.slots(client.id)) releases.push(await s.acquire(abort));
    const messages: Message[] = [{ role: 'user', content: [{ text: prompt }] }];
    const reply = await raceAbort(
      client.chat({ messages, model: id, config: { temperature: 0 }, output: { format: 'json' }, signal: abort }),
      abort,
    );
    return reply.text;
  } finally {
    for (const r of releases.reverse()) r();
  }
}

const yielded: (() => void)[] = [];
let releasing = false;

/**
 * Resolves in a later turn of the event loop, one waiter per turn: a reply's assessment and the next case's rendering
 * take a millisecond or more, and replies that arrive meanwhile (each freeing a slot for a waiting request) are read
 * between one case's work and the next instead of after all of it.
 */
function yieldToIo(): Promise<void> {
  return new Promise((resolve) => {
    yielded.push(resolve);
    if (!releasing) {
      releasing = true;
      setImmediate(releaseOne);
    }
  });
}

function releaseOne(): void {
  const next = yielded.shift();
  // An immediate set from an immediate runs in the next turn, after the loop has polled for I/O.
  if (yielded.length > 0) setImmediate(releaseOne);
  else releasing = false;
  next?.();
}

/** The provider and model a reference names, before the client is made; as parseModelRef reads it, `echo` alone is one. */
function splitRef(ref: string | undefined): CaseTarget {
  const slash = ref?.indexOf('/') ?? -1;
  if (ref === undefined) return { provider: '', model: '', endpoint: '' };
  if (ref === 'echo') return { provider: 'echo', model: 'echo', endpoint: '' };
  return slash > 0 ? { provider: ref.slice(0, slash), model: ref.slice(slash + 1), endpoint: '' } : { provider: '', model: ref, endpoint: '' };
}

function errorKindOf(e: unknown): RunErrorKind | undefined {
  if (e instanceof CaseFailure) return e.kind;
  const kind = (e as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' && PROVIDER_KINDS.has(kind) ? (kind as RunErrorKind) : undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Maps anything thrown to a reported error; an abort of the run wins over whatever the abort caused. */
export function toCaseError(e: unknown, signal: AbortSignal): CaseError {
  if (signal.aborted || e instanceof CancelledError) return { kind: 'cancelled', message: 'cancelled' };
  return { kind: errorKindOf(e) ?? 'internal', message: messageOf(e) };
}
