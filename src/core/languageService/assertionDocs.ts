// One line per assertion type for completion and hover; the names themselves come from the promptFile core.
import type { BaseAssertionType } from '../promptFile/assertionTypes';

export const ASSERTION_DOCS: Readonly<Record<BaseAssertionType, string>> = {
  equals: 'The output equals `value` exactly (JSON values compared structurally).',
  contains: 'The output contains `value` (case-sensitive).',
  icontains: 'The output contains `value`, ignoring case.',
  'contains-any': 'The output contains at least one of the strings in `value`.',
  'contains-all': 'The output contains every string in `value`.',
  'icontains-any': 'The output contains at least one of the strings in `value`, ignoring case.',
  'icontains-all': 'The output contains every string in `value`, ignoring case.',
  'starts-with': 'The output starts with `value`.',
  regex: 'The output matches the regular expression `value`.',
  'is-json': 'The output is valid JSON (and matches `value` when it is a JSON Schema).',
  'contains-json': 'The output contains a JSON object (matching `value` when it is a JSON Schema).',
  levenshtein: 'The edit distance between the output and `value` is at most `threshold`.',
  latency: 'The reply arrived within `threshold` milliseconds.',
  cost: 'The call cost at most `threshold` US dollars.',
  javascript: 'A JavaScript expression over `output` (and `context`) returns true or a score; runs only in trusted workspaces.',
  'llm-rubric': 'A grader model judges the output against the rubric in `value`.',
};

/** The doc line of an assertion type as written (`not-` prefix allowed), or undefined when unknown. */
export function assertionDoc(type: string): string | undefined {
  const negated = type.startsWith('not-');
  const base = (negated ? type.slice(4) : type) as BaseAssertionType;
  const doc = Object.prototype.hasOwnProperty.call(ASSERTION_DOCS, base) ? ASSERTION_DOCS[base] : undefined;
  return doc && negated ? `Negated: passes when this fails. ${doc}` : doc;
}
