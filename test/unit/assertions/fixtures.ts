// Builders for assertion specs and contexts in unit tests.
import type { AssertionContext } from '../../../src/core/assertions/types';
import type { AssertionSpec, Range } from '../../../src/core/promptFile/model';

export const RANGE: Range = { start: { line: 3, character: 4 }, end: { line: 4, character: 10 } };

/** An assertion spec as the parser would produce it. */
export function spec(type: string, value?: unknown, extra: { threshold?: number; weight?: number; provider?: string; [k: string]: unknown } = {}): AssertionSpec {
  const { threshold, weight, provider, ...rest } = extra;
  return {
    type,
    value,
    threshold,
    weight,
    provider: typeof provider === 'string' ? provider : undefined,
    raw: { type, ...(value === undefined ? {} : { value }), ...extra, ...rest },
    range: RANGE,
    typeRange: RANGE,
  };
}

/** A context over an output, trusted unless said otherwise. */
export function ctx(output: string, more: Partial<AssertionContext> = {}): AssertionContext {
  return { output, outputFormat: 'text', vars: {}, trustCode: true, ...more };
}
