// Cost estimates before anything is sent: one run of the prompt, and the whole test suite (tests × models × repeats ×
// dataset rows). The reply's length is unknown in advance, so it is assumed and the assumption is stated.
import type { ModelInfo } from './types';

/** Reply length assumed when `config.maxOutputTokens` does not bound it. */
export const ASSUMED_REPLY_TOKENS = 256;

export interface CallCost {
  readonly usd: number;
  readonly replyTokens: number;
}

/** The cost of one call with `promptTokens` in and an assumed reply out; undefined when the price is unknown. */
export function callCost(promptTokens: number, model: ModelInfo | undefined, maxOutputTokens?: number): CallCost | undefined {
  if (!model || model.inputPerMillion === undefined || model.outputPerMillion === undefined) return undefined;
  const replyTokens = maxOutputTokens !== undefined && maxOutputTokens > 0 ? Math.min(maxOutputTokens, ASSUMED_REPLY_TOKENS) : ASSUMED_REPLY_TOKENS;
  return { usd: (promptTokens * model.inputPerMillion + replyTokens * model.outputPerMillion) / 1_000_000, replyTokens };
}

export interface SuiteCase {
  readonly promptTokens: number;
  /** `provider/model` ids the case runs on. */
  readonly models: readonly string[];
  readonly repeat: number;
  /** Dataset rows (1 without a dataset). */
  readonly rows: number;
}

export interface SuiteCost {
  /** Sum over the calls whose price is known. */
  readonly usd: number;
  readonly calls: number;
  /** Calls on models without a known price (not in `usd`). */
  readonly unpricedCalls: number;
}

/** The cost of running every test once as configured. */
export function suiteCost(cases: readonly SuiteCase[], lookup: (id: string) => ModelInfo | undefined, maxOutputTokens?: number): SuiteCost {
  let usd = 0;
  let calls = 0;
  let unpricedCalls = 0;
  for (const c of cases) {
    const n = Math.max(1, c.repeat) * Math.max(1, c.rows);
    for (const id of c.models) {
      calls += n;
      const cost = callCost(c.promptTokens, lookup(id), maxOutputTokens);
      if (cost) usd += cost.usd * n;
      else unpricedCalls += n;
    }
  }
  return { usd, calls, unpricedCalls };
}
