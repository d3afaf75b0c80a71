// Executes a plan: bounded concurrency, progress events, cancellation, and results in plan order.
// The CLI and the extension both call `runCases`; neither adds behaviour of its own around it.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hashText } from '../store/key';
import type { PromptDocument } from '../promptFile/model';
import type { ChatResponse } from '../providers/types';
import { runCase, type CaseContext, type CaseTarget } from './caseRunner';
import { InFlightRequests } from './inflight';
import { Semaphore } from './limiter';
import { summarize } from './summary';
import type { CaseResult, PlannedCase, RunEvent, RunnerDeps, RunOptions, RunPlan, RunRecordDraft, RunSummary } from './types';

const DEFAULT_CONCURRENCY = 4;

/** Runs every case of the plan and resolves with results in plan order; never rejects because a case failed. */
export async function runCases(plan: RunPlan, deps: RunnerDeps, options: RunOptions = {}): Promise<RunSummary> {
  const started = deps.now();
  const emit = safeEmitter(options.onEvent, deps);
  const controller = new AbortController();
  // Every waiting case listens for the abort; thousands of listeners on this one signal are expected.
  setMaxListeners(0, controller.signal);
  const outer = options.signal;
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted === true) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onOuterAbort, { once: true });

  const concurrency = positive(options.concurrency) ?? DEFAULT_CONCURRENCY;
  const global = new Semaphore(concurrency);
  const perProvider = new Map<string, Semaphore>();
  const slots = (provider: string): readonly Semaphore[] => {
    const limit = positive(options.providerConcurrency?.[provider]);
    if (limit === undefined) return [global];
    let s = perProvider.get(provider);
    if (s === undefined) perProvider.set(provider, (s = new Semaphore(limit)));
    // Provider slot first: a case waiting for a busy provider must not hold a global slot others could use.
    return [s, global];
  };

  const background = new Set<Promise<void>>();
  const records = new RecordWriter(plan.documents, deps, options.tool ?? 'cli', options.runId ?? randomUUID());
  const ctx: CaseContext = {
    deps,
    options,
    signal: controller.signal,
    inflight: options.inflight ?? new InFlightRequests<ChatResponse>(),
    slots,
    document: (filePath) => {
      const d = plan.documents.get(filePath);
      if (d === undefined) throw new Error(`no parsed document for ${filePath}`);
      return d;
    },
    record: (c, result, target, providerMeta) => records.write(c, result, target, providerMeta),
    emitChunk: (c, delta) => emit({ type: 'chunk', case: c, delta }),
    emitCached: (c) => emit({ type: 'cached', case: c }),
    background: (work) => {
      background.add(work);
      void work.finally(() => background.delete(work));
    },
  };

  const cases = plan.cases;
  const results: (CaseResult | undefined)[] = new Array<CaseResult | undefined>(cases.length);
  for (const c of cases) emit({ type: 'queued', case: c });

  let next = 0;
  let stopStarting = false;
  const keepMessages = options.keepMessages !== false;
  const keepPassingDetail = options.keepPassingDetail !== false;
  const finish = (c: PlannedCase, result: CaseResult): void => {
    // The record and the `finished` event carry the full result, so what is dropped here is only what the caller
    // said it will not read back from the summary.
    results[c.index] = retained(result, keepMessages, keepPassingDetail);
    if (result.error !== undefined && result.status !== 'cancelled') emit({ type: 'error', case: c, error: result.error });
    emit({ type: 'finished', case: c, result });
  };
  const worker = async (): Promise<void> => {
    while (!stopStarting && !controller.signal.aborted && next < cases.length) {
      const c = cases[next++];
      emit({ type: 'started', case: c });
      const result = await runCase(c, ctx);
      finish(c, result);
      if (options.bail === true && !result.pass && result.status !== 'cancelled') stopStarting = true;
    }
  };
  // More workers than slots: cached cases and rendering proceed while the slots are busy with provider calls.
  // With bail, no case may start beyond the ones that hold a slot, so the first failure stops the rest.
  // A bounded surplus, since each preparing case holds its rendered messages and render garbage in memory.
  const workers = Math.min(cases.length, options.bail === true ? concurrency : concurrency + Math.min(32, Math.max(8, concurrency)));
  await Promise.all(Array.from({ length: workers }, () => worker()));
  outer?.removeEventListener('abort', onOuterAbort);

  for (const c of cases) {
    if (results[c.index] === undefined) {
      const reason = stopStarting ? 'not run: stopped after the first failure (--bail)' : 'cancelled';
      finish(c, { caseId: c.id, index: c.index, status: 'cancelled', assertions: [], score: 0, pass: false, cached: false, error: { kind: 'cancelled', message: reason } });
    }
  }
  await records.settle();
  while (background.size > 0) await Promise.all([...background]);
  const final = results as CaseResult[];
  return summarize(cases, final, deps.now() - started);
}

/** Writes run records; a store failure is a warning, never a failed case. */
class RecordWriter {
  private readonly hashes = new Map<string, string>();
  private readonly git = new Map<string, Promise<{ commit: string; dirty: boolean } | undefined>>();
  /** Records waiting for their git info, then records handed to the store and not yet written. */
  private readonly handing = new Set<Promise<void>>();
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly documents: ReadonlyMap<string, PromptDocument>,
    private readonly deps: RunnerDeps,
    private readonly tool: 'cli' | 'editor',
    private readonly runId: string,
  ) {}

  /** Hands a record to the store without holding up the case; `settle` waits for every record handed so far. */
  write(c: PlannedCase, result: CaseResult, target: CaseTarget, providerMeta?: Readonly<Record<string, unknown>>): void {
    const store = this.deps.store;
    if (store === undefined) return;
    const warn = (e: unknown): void =>
      this.deps.warn?.(`could not record the run of "${c.id}": ${e instanceof Error ? e.message : String(e)}`);
    const draft = this.draft(c, result, target, providerMeta);
    const handing = this.gitInfo(c.filePath).then((git) => {
      let written: Promise<void>;
      try {
        written = store.appendRun(git !== undefined ? { ...draft, git } : draft).catch(warn);
      } catch (e) {
        warn(e);
        return;
      }
      // Only records not yet written are held, so a long run does not keep one promise per case.
      this.writing.add(written);
      void written.finally(() => this.writing.delete(written));
    });
    this.handing.add(handing);
    void handing.finally(() => this.handing.delete(handing));
  }

  /** Waits until every record is written (or has failed with a warning); asks a batching store to write now. */
  async settle(): Promise<void> {
    while (this.handing.size > 0) await Promise.all([...this.handing]);
    await this.deps.store?.flush?.().catch(() => undefined);
    while (this.writing.size > 0) await Promise.all([...this.writing]);
  }

  private draft(c: PlannedCase, result: CaseResult, target: CaseTarget, providerMeta: Readonly<Record<string, unknown>> | undefined): RunRecordDraft {
    const text = this.documents.get(c.filePath)?.text ?? '';
    return {
      runId: this.runId,
      time: this.deps.now(),
      tool: this.tool,
      filePath: c.filePath,
      promptPath: c.filePath,
      promptHash: this.hash(c.filePath, text),
      promptText: text,
      testName: c.testName,
      caseId: c.id,
      vars: c.vars,
      provider: target.provider,
      model: target.model,
      endpoint: target.endpoint,
      messages: result.messages ?? [],
      output: result.output ?? '',
      assertions: result.assertions,
      pass: result.pass,
      score: result.score,
      ...(result.latencyMs !== undefined && !result.cached ? { latencyMs: result.latencyMs } : {}),
      ...(result.usage !== undefined ? { usage: result.usage } : {}),
      costUsd: result.costUsd ?? null,
      cached: result.cached,
      ...(result.error !== undefined ? { error: result.error } : {}),
      repeatIndex: c.repeatIndex,
      ...(result.finishReason !== undefined ? { finishReason: result.finishReason } : {}),
      ...(result.attempts !== undefined ? { attempts: result.attempts } : {}),
      ...(providerMeta !== undefined ? { providerMeta } : {}),
    };
  }

  private hash(filePath: string, text: string): string {
    let h = this.hashes.get(filePath);
    if (h === undefined) this.hashes.set(filePath, (h = hashText(text)));
    return h;
  }

  private gitInfo(filePath: string): Promise<{ commit: string; dirty: boolean } | undefined> {
    const deps = this.deps;
    if (deps.gitInfo === undefined) return Promise.resolve(undefined);
    let p = this.git.get(filePath);
    if (p === undefined) {
      p = deps.gitInfo(filePath).then(
        (g) => (g === undefined ? undefined : { commit: g.commit, dirty: g.dirty }),
        () => undefined,
      );
      this.git.set(filePath, p);
    }
    return p;
  }
}

function safeEmitter(listener: ((e: RunEvent) => void) | undefined, deps: RunnerDeps): (e: RunEvent) => void {
  if (listener === undefined) return () => undefined;
  return (e) => {
    try {
      listener(e);
    } catch (err) {
      // A faulty listener (a UI that threw) must not fail the run.
      deps.warn?.(`progress listener failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

/** The part of a finished result the summary holds until the run ends; a 10,000-case run holds 10,000 of them. */
function retained(result: CaseResult, keepMessages: boolean, keepPassingDetail: boolean): CaseResult {
  if (!keepPassingDetail && result.status === 'passed') {
    // What the totals and the per-test table read of a passing case; its output and assertion reasons are in the
    // run record.
    return {
      caseId: result.caseId,
      index: result.index,
      status: result.status,
      assertions: [],
      score: result.score,
      pass: result.pass,
      cached: result.cached,
      ...(result.latencyMs !== undefined ? { latencyMs: result.latencyMs } : {}),
      ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}),
    };
  }
  if (keepMessages || result.messages === undefined) return result;
  const { messages: _messages, ...rest } = result;
  return rest;
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n >= 1 ? Math.floor(n) : undefined;
}
