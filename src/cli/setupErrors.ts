// The closing line of a run whose tests could not start (no key, unknown model, bad config): one line per distinct
// cause, so a run that lacks two providers' keys names both instead of only the first case's.
import type { CaseError, RunErrorKind, RunSummary } from '../core/runner/types';
import { inertControls } from '../core/terminalText';

const SHOWN_CAUSES = 5;

/**
 * One setup error per test (test × dataset row × model, as the run's summary line counts them) that one stopped: the
 * repetitions of a test fail for the same reason, and counting them would not match the summary's count of errors.
 */
export function setupErrorsByTest(summary: RunSummary, kinds: ReadonlySet<RunErrorKind>): CaseError[] {
  const out: CaseError[] = [];
  for (const group of summary.groups) {
    // Results sit at their case's index, as the reporters read them.
    for (const i of group.caseIndexes) {
      const error = summary.results[i]?.error;
      if (error !== undefined && kinds.has(error.kind)) {
        out.push(error);
        break;
      }
    }
  }
  return out;
}

/** Summarises the setup errors of a run's tests: the count, then each distinct cause with how many tests it stopped. */
export function setupErrorSummary(errors: readonly CaseError[]): string {
  const causes = new Map<string, number>();
  for (const e of errors) {
    // A provider's own words are in some messages: printed to a terminal, they must not drive it.
    const cause = `${e.kind}: ${inertControls(e.message)}`;
    causes.set(cause, (causes.get(cause) ?? 0) + 1);
  }
  const head = `promptops test: ${errors.length} test(s) could not run`;
  if (causes.size === 1) return `${head}: ${[...causes.keys()][0]}\n`;
  // Most frequent first, then by text, so the output is the same whatever order the cases finished in.
  const sorted = [...causes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const lines = sorted.slice(0, SHOWN_CAUSES).map(([cause, n]) => `  ${n} × ${cause}`);
  const rest = sorted.length - SHOWN_CAUSES;
  if (rest > 0) lines.push(`  and ${rest} more cause(s); each test's error is listed above`);
  return `${head}, for ${causes.size} causes:\n${lines.join('\n')}\n`;
}
