// The status bar item of the active `.prompt` file: tokens of the rendered prompt, and the estimated cost of one run
// and of the whole test suite. Computed locally (tokenizer + price catalogue); nothing is sent.
import * as vscode from 'vscode';
import { ASSUMED_REPLY_TOKENS, callCost, suiteCost, type SuiteCase } from '../../core/languageService/cost';
import { modelInfo } from '../../core/languageService/models';
import { formatUsd } from '../../core/languageService/modelText';
import { countMessageTokens, formatCount, type TokenCount } from '../../core/languageService/tokens';
import type { PromptDocument } from '../../core/promptFile/model';
import { isPromptDocument, type PromptDocumentCache } from './documentCache';
import { datasetRows, renderForPreviewOrCount, renderWithDefaultsOrTests } from './editing';
import { diskPath } from './editorFs';

const DEBOUNCE_MS = 500;

export interface Estimate {
  readonly count: TokenCount;
  readonly model?: string;
  readonly run?: number;
  readonly suite?: { usd: number; calls: number; unpricedCalls: number };
  readonly replyTokens: number;
  /** Rows rendered per dataset test, when a dataset had more: its calls are priced at those rows' average prompt. */
  readonly rowsSampled?: number;
}

/** Dataset rows rendered per test for the suite's cost; a bigger dataset is priced at these rows' average prompt. */
export const SAMPLED_ROWS = 20;
/** Dataset rows rendered per estimate, over all the dataset tests: fewer per test when there are many. */
export const MAX_RENDERED_ROWS = 100;

/** Tokens and costs of a prompt, rendered with its defaults (else its first test that renders); undefined when nothing renders. */
export async function estimate(doc: PromptDocument, file: string | undefined): Promise<Estimate | undefined> {
  const model = doc.model?.value;
  const messages = await renderWithDefaultsOrTests(doc, file, doc.tests);
  if (!messages) return undefined;
  const count = await countMessageTokens(messages, model);
  const maxOut = typeof doc.config.maxOutputTokens === 'number' ? doc.config.maxOutputTokens : undefined;
  const run = callCost(count.tokens, model ? modelInfo(model) : undefined, maxOut);
  const cases: SuiteCase[] = [];
  const datasetTests = doc.tests.filter((t) => t.dataset).length;
  const perTest = Math.max(1, Math.min(SAMPLED_ROWS, Math.floor(MAX_RENDERED_ROWS / Math.max(1, datasetTests))));
  let rowsSampled = false;
  for (const t of doc.tests) {
    const models = t.models && t.models.length > 0 ? t.models : model ? [model] : [];
    // Each case's own vars; a dataset test's cases are its rows merged over its vars, as the runner makes them.
    const rows = t.dataset ? await datasetRows(t, file) : undefined;
    const varsList = rows === undefined ? [t.vars] : rows.slice(0, perTest).map((row) => ({ ...t.vars, ...row }));
    if (rows !== undefined && rows.length > perTest) rowsSampled = true;
    let total = 0;
    for (const vars of varsList) {
      const rendered = await renderForPreviewOrCount(doc, file, [vars]);
      total += rendered ? (await countMessageTokens(rendered, models[0])).tokens : count.tokens;
    }
    const tokens = varsList.length > 0 ? Math.round(total / varsList.length) : count.tokens;
    // An unreadable dataset counts as one case (its test reports the error when run).
    cases.push({ promptTokens: tokens, models, repeat: t.repeat ?? 1, rows: rows?.length ?? 1 });
  }
  const suite = cases.length > 0 ? suiteCost(cases, (id) => modelInfo(id), maxOut) : undefined;
  return {
    count, replyTokens: run?.replyTokens ?? ASSUMED_REPLY_TOKENS, ...(model ? { model } : {}), ...(run ? { run: run.usd } : {}), ...(suite ? { suite } : {}),
    ...(rowsSampled ? { rowsSampled: perTest } : {}),
  };
}

/** The text and tooltip for an estimate (exported for the integration test to compare with). */
export function describeEstimate(e: Estimate): { text: string; tooltip: string } {
  const parts = [`$(symbol-numeric) ${formatCount(e.count)} tokens`];
  if (e.run !== undefined) parts.push(`${formatUsd(e.run)}/run`);
  // With no priced call at all, a sum of $0 would read as "free": say the cost is unknown instead.
  if (e.suite && e.suite.calls > 0) {
    parts.push(e.suite.unpricedCalls === e.suite.calls ? 'suite cost unknown' : `${formatUsd(e.suite.usd)}${e.suite.unpricedCalls > 0 ? '+' : ''}/suite`);
  }
  const lines = [
    `**${formatCount(e.count)}** prompt tokens for ${e.model ?? 'no model'}${e.count.exact ? ' (exact, OpenAI tokenizer)' : ' (estimate: this provider\'s tokenizer is not public)'}`,
  ];
  if (e.run !== undefined) lines.push(`One run: **${formatUsd(e.run)}**, assuming a ${e.replyTokens}-token reply.`);
  else lines.push('One run: price unknown for this model.');
  if (e.suite) {
    lines.push(`Whole test suite: **${formatUsd(e.suite.usd)}** for ${e.suite.calls} call${e.suite.calls === 1 ? '' : 's'} (tests × models × repeats × dataset rows)`
      + `${e.suite.unpricedCalls > 0 ? `, plus ${e.suite.unpricedCalls} on models without a known price` : ''}; llm-rubric grading not included.`
      + `${e.rowsSampled !== undefined ? ` A dataset of more than ${e.rowsSampled} row${e.rowsSampled === 1 ? '' : 's'} is priced at the average prompt of its first ${e.rowsSampled === 1 ? 'row' : e.rowsSampled}.` : ''}`);
  }
  lines.push('Nothing has been sent. Click to open the rendered preview.');
  return { text: parts.join(' · '), tooltip: lines.join('\n\n') };
}

export function registerTokenStatus(cache: PromptDocumentCache, previewCommand: string): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('promptops.tokens', vscode.StatusBarAlignment.Right, 100);
  item.name = 'PromptOps tokens and cost';
  item.command = previewCommand;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sequence = 0;

  const refresh = async (): Promise<void> => {
    const seq = ++sequence;
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isPromptDocument(document)) {
      item.hide();
      return;
    }
    let e: Estimate | undefined;
    try {
      e = await estimate(cache.get(document), diskPath(document));
    } catch {
      e = undefined;
    }
    if (seq !== sequence) return;
    if (!e) {
      item.text = '$(symbol-numeric) — tokens';
      item.tooltip = 'The prompt does not render with its defaults or any test\'s vars, so its tokens cannot be counted. See the Problems panel.';
    } else {
      const d = describeEstimate(e);
      item.text = d.text;
      item.tooltip = new vscode.MarkdownString(d.tooltip);
    }
    item.show();
  };
  const schedule = (delay = DEBOUNCE_MS): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), delay);
  };
  schedule(0);
  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(() => schedule(0)),
    vscode.workspace.onDidChangeTextDocument((ev) => {
      if (ev.document === vscode.window.activeTextEditor?.document) schedule();
    }),
    new vscode.Disposable(() => clearTimeout(timer)),
  );
}
