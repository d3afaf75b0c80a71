// Performance assertions: latency and cost limits.
import type { AssertionSpec } from '../promptFile/model';
import type { AssertionContext, Verdict } from './types';
import { AssertionSetupError, readNumber } from './values';

function limitOf(spec: AssertionSpec, value: unknown, unit: string): number {
  const limit = readNumber(spec.threshold ?? spec.raw.threshold ?? value);
  if (limit === undefined || limit < 0) throw new AssertionSetupError(`${spec.type} needs a \`threshold\`: the maximum ${unit}`);
  return limit;
}

/** `latency`: the call took at most `threshold` milliseconds. */
export function latency(spec: AssertionSpec, value: unknown, ctx: AssertionContext): Verdict {
  const limit = limitOf(spec, value, 'milliseconds');
  if (ctx.latencyMs === undefined) {
    return { pass: false, reason: 'latency is unknown (the reply came from the cache); run without the cache to check it', error: 'latency unknown' };
  }
  const ms = Math.round(ctx.latencyMs);
  return ms <= limit ? { pass: true, reason: `latency ${ms} ms ≤ ${limit} ms` } : { pass: false, reason: `latency ${ms} ms exceeds ${limit} ms` };
}

/** `cost`: the call cost at most `threshold` US dollars. */
export function cost(spec: AssertionSpec, value: unknown, ctx: AssertionContext): Verdict {
  const limit = limitOf(spec, value, 'cost in US dollars');
  if (ctx.costUsd === undefined || ctx.costUsd === null) {
    return { pass: false, reason: 'cost is unknown (no price known for this model)', error: 'cost unknown' };
  }
  const shown = `$${ctx.costUsd.toFixed(6)}`;
  return ctx.costUsd <= limit ? { pass: true, reason: `cost ${shown} ≤ $${limit}` } : { pass: false, reason: `cost ${shown} exceeds $${limit}` };
}
