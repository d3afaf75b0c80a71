// Chromium tracing for the browser benchmarks (outcomes.bench.ts, outcomesAb.ts): start a trace through the page's
// DevTools session, end it, and read the renderer main thread's top-level tasks.
import type { CDPSession, Page } from 'playwright-core';

export interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  /** Thread time in µs (complete events only). */
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

export interface RendererTrace {
  /** Every event of the trace. */
  readonly events: readonly TraceEvent[];
  /** Whether an event ran on a renderer's main thread. */
  onMainThread(e: TraceEvent): boolean;
  /** The name of the top-level task events (they nest, so their thread time covers everything run inside them). */
  readonly topTask: string;
}

/** Starts a trace of `categories` on the page; `stop` ends it and returns its events. */
export async function startTrace(page: Page, categories: string): Promise<{ stop(): Promise<RendererTrace> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { categories, transferMode: 'ReturnAsStream' });
  return { stop: () => endTrace(cdp) };
}

async function endTrace(cdp: CDPSession): Promise<RendererTrace> {
  const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream ?? '')));
  await cdp.send('Tracing.end');
  const stream = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  await cdp.detach();
  const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  return {
    events,
    onMainThread: (e) => main.has(`${e.pid}:${e.tid}`),
    topTask: events.some((e) => e.name === 'ThreadControllerImpl::RunTask') ? 'ThreadControllerImpl::RunTask' : 'RunTask',
  };
}
