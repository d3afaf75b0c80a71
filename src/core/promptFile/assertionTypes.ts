// The canonical assertion type names (promptfoo's vocabulary) that a `.prompt` file may use.

/** Base assertion types, without the `not-` prefix. */
export const BASE_ASSERTION_TYPES = [
  'equals', 'contains', 'icontains', 'contains-any', 'contains-all', 'icontains-any', 'icontains-all', 'starts-with',
  'regex', 'is-json', 'contains-json', 'levenshtein', 'latency', 'cost', 'javascript', 'llm-rubric',
] as const;

export type BaseAssertionType = (typeof BASE_ASSERTION_TYPES)[number];

/** Every accepted assertion type: each base type and its `not-` negation. */
export const ASSERTION_TYPES: readonly string[] = [...BASE_ASSERTION_TYPES, ...BASE_ASSERTION_TYPES.map((t) => `not-${t}`)];

const BASE_SET: ReadonlySet<string> = new Set(BASE_ASSERTION_TYPES);

/** Splits `not-contains` into `{ base: 'contains', negated: true }`; undefined when the type is unknown. */
export function parseAssertionType(type: string): { base: BaseAssertionType; negated: boolean } | undefined {
  const negated = type.startsWith('not-');
  const base = negated ? type.slice(4) : type;
  return BASE_SET.has(base) ? { base: base as BaseAssertionType, negated } : undefined;
}

/** Types whose `value` may be omitted (`is-json` checks only syntax; `latency`/`cost` read `threshold`). */
export const VALUE_OPTIONAL_TYPES: ReadonlySet<string> = new Set(['is-json', 'contains-json', 'latency', 'cost']);
/** Types that need `threshold` when no `value` is given. */
export const THRESHOLD_TYPES: ReadonlySet<string> = new Set(['latency', 'cost']);
