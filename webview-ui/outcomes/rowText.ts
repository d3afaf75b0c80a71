// The text a list row shows, formatted once per outcome rather than on every frame that scrolls it into view.
// Relative times ("5 min ago") are kept per minute: a row formatted a minute ago is formatted again.
import type { OutcomeSummary } from '../../src/protocol/outcomes';
import { formatCost, formatLatency, formatScore, formatTokens, formatWhen } from './format';

export interface RowText {
  readonly test: string;
  readonly score: string;
  readonly latency: string;
  readonly tokens: string;
  readonly cost: string;
  readonly output: string;
  readonly ariaLabel: string;
  when: string;
  whenMinute: number;
}

const withPrompt = new WeakMap<OutcomeSummary, RowText>();
const withoutPrompt = new WeakMap<OutcomeSummary, RowText>();
const whenFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** The row's display strings; `showPrompt` prefixes the test with its prompt (the "all prompts" list). */
export function rowText(o: OutcomeSummary, showPrompt: boolean, now: number): RowText {
  const memo = showPrompt ? withPrompt : withoutPrompt;
  const minute = Math.floor(now / 60_000);
  let t = memo.get(o);
  if (!t) {
    const name = showPrompt ? `${o.promptLabel} › ${o.testName}` : o.testName;
    const test = o.caseLabel ? `${name} (${o.caseLabel})` : name;
    const latency = formatLatency(o.latencyMs);
    t = {
      test,
      score: formatScore(o.score),
      latency,
      tokens: formatTokens(o.inputTokens, o.outputTokens),
      cost: `${formatCost(o.costUsd)}${o.cached ? ' ⟲' : ''}`,
      output: o.message && o.status !== 'passed' ? `${o.message} — ${o.outputPreview}` : o.outputPreview,
      ariaLabel: `${test}, ${o.status}, ${o.model}, ${latency}`,
      when: formatWhen(o.time, now),
      whenMinute: minute,
    };
    memo.set(o, t);
  } else if (t.whenMinute !== minute) {
    t.when = formatWhen(o.time, now);
    t.whenMinute = minute;
  }
  return t;
}

/** The full date and time of a run, for a tooltip (asked for on hover only: `Intl` formatting is slow). */
export function whenTitle(o: OutcomeSummary): string {
  return whenFormat.format(o.time);
}
