// The text a list row shows, formatted once per outcome rather than on every frame that scrolls it into view.
// Relative times ("5 min ago") are kept per minute: a row formatted a minute ago is formatted again.
import type { OutcomeSummary } from '../../src/protocol/outcomes';
import { figuresLead, figuresTail, modelParts, versionParts, type FigureTexts } from './figures';
import { formatCost, formatLatency, formatScore, formatTokens, formatWhen } from './format';

export interface RowText {
  readonly test: string;
  readonly output: string;
  readonly ariaLabel: string;
  /** The model's name, cut to the first field of the figures run (figures.ts). */
  readonly model: string;
  /** The figures between the model's name and the version field: the model field's padding, score, latency, tokens,
   *  when; changes with `when`. */
  lead: string;
  /** The version label, cut to its field. */
  readonly version: string;
  /** The figures after the version label: the rest of its field, the cost and the cached mark. */
  readonly tail: string;
  when: string;
  whenMinute: number;
  readonly figures: FigureTexts;
  readonly modelPad: string;
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
    const when = formatWhen(o.time, now);
    const figures: FigureTexts = {
      score: formatScore(o.score),
      latency,
      tokens: formatTokens(o.inputTokens, o.outputTokens),
      when,
      cost: formatCost(o.costUsd),
      cached: o.cached,
    };
    const version = versionParts(o.versionLabel);
    const model = modelParts(o.model);
    t = {
      test,
      output: o.message && o.status !== 'passed' ? `${o.message} — ${o.outputPreview}` : o.outputPreview,
      ariaLabel: `${test}, ${o.status}, ${o.model}, ${latency}`,
      model: model.text,
      modelPad: model.pad,
      lead: model.pad + figuresLead(figures),
      version: version.text,
      tail: version.pad + figuresTail(figures),
      when,
      whenMinute: minute,
      figures,
    };
    memo.set(o, t);
  } else if (t.whenMinute !== minute) {
    t.when = formatWhen(o.time, now);
    t.whenMinute = minute;
    t.lead = t.modelPad + figuresLead({ ...t.figures, when: t.when });
  }
  return t;
}

/** The full date and time of a run, for a tooltip (asked for on hover only: `Intl` formatting is slow). */
export function whenTitle(o: OutcomeSummary): string {
  return whenFormat.format(o.time);
}
