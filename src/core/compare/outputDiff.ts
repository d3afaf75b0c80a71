// The difference between two model outputs of one test case: path-level for JSON outputs (what a reviewer of a
// structured reply cares about), word-level for text. Outputs are untrusted text and stay plain strings here.
import { formatPath, shortValue, structuralDiff } from './jsonDiff';
import { intern, lineRuns, myersRuns, tokenize } from './sequenceDiff';
import { splitRuns, type Segment } from './textDiff';

export interface OutputJsonChange {
  /** `$.items[2].name` */
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  /** Compact JSON of the value, bounded in length. */
  readonly before?: string;
  readonly after?: string;
}

export type OutputDiff =
  | { readonly kind: 'same' }
  | { readonly kind: 'json'; readonly changes: readonly OutputJsonChange[]; readonly truncated: boolean }
  | { readonly kind: 'text'; readonly left: readonly Segment[]; readonly right: readonly Segment[] };

const maxJsonChanges = 200;
const maxWordDiffChars = 20_000;

/** Parses an output as a JSON object or array, allowing one surrounding Markdown code fence; undefined otherwise. */
export function parseJsonOutput(text: string): unknown {
  let t = text.trim();
  const fence = /^```[A-Za-z0-9_-]*[ \t]*\r?\n([\s\S]*?)\r?\n?```$/.exec(t);
  if (fence?.[1] !== undefined) t = fence[1].trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

/** Diffs two outputs: JSON-aware when both parse as JSON objects/arrays, word-level otherwise. */
export function diffOutputs(left: string, right: string): OutputDiff {
  if (left === right) return { kind: 'same' };
  const a = parseJsonOutput(left);
  const b = parseJsonOutput(right);
  if (a !== undefined && b !== undefined) {
    const changes = structuralDiff(a, b, maxJsonChanges + 1);
    // Same data, different formatting: say so rather than showing whitespace noise.
    if (changes.length === 0) return { kind: 'json', changes: [], truncated: false };
    return {
      kind: 'json',
      truncated: changes.length > maxJsonChanges,
      changes: changes.slice(0, maxJsonChanges).map((c) => ({
        path: formatPath(c.path, '$'),
        kind: c.kind,
        ...('before' in c ? { before: shortValue(c.before, 200) } : {}),
        ...('after' in c ? { after: shortValue(c.after, 200) } : {}),
      })),
    };
  }
  return { kind: 'text', ...textSegments(left, right) };
}

function textSegments(left: string, right: string): { left: Segment[]; right: Segment[] } {
  if (left.length + right.length <= maxWordDiffChars) {
    const lt = tokenize(left);
    const rt = tokenize(right);
    const { a, b } = intern(lt, rt);
    const runs = myersRuns(a, b, 1000);
    // A word diff that found nothing in common says less than a line diff: fall through to lines.
    if (runs.some((r) => r.kind === 'equal') || lt.length === 0 || rt.length === 0) return splitRuns(runs, lt, rt);
  }
  const ll = linesOf(left);
  const rl = linesOf(right);
  return splitRuns(lineRuns(ll, rl), ll, rl);
}

/** Lines with their line breaks, so joining them gives the text back. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
