// The status bar item of the active `.prompt` file: tokens of the rendered prompt, and the estimated cost of one run
// and of the whole test suite. Computed locally (tokenizer + price catalogue); nothing is sent.
import * as vscode from 'vscode';
import { ASSUMED_REPLY_TOKENS, callCost, suiteCost, type SuiteCase } from '../../core/languageService/cost';
import { modelInfo } from '../../core/languageService/models';
import { formatUsd } from '../../core/languageService/modelText';
import { countMessageTokens, formatCount, type TokenCount } from '../../core/languageService/tokens';
import type { PromptDocument } from '../../core/promptFile/model';
import { datasetPath, loadDataset } from '../../core/promptFile/dataset';
import { isPromptDocument, type PromptDocumentCache } from './documentCache';
import { renderForPreviewOrCount } from './editing';
import { diskPath, editorFileSystem } from './editorFs';

const DEBOUNCE_MS = 500;

export interface Estimate {
  readonly count: TokenCount;
  readonly model?: string;
  readonly run?: number;
  readonly suite?: { usd: number; calls: number; unpricedCalls: number };
  readonly replyTokens: number;
}

/** Tokens and costs of a prompt, rendered with its defaults (else its first test that renders); undefined when nothing renders. */
export async function estimate(doc: PromptDocument, file: string | undefined): Promise<Estimate | undefined> {
  const model = doc.model?.value;
  const messages = await renderForPreviewOrCount(doc, file, [{}, ...doc.tests.map((t) => t.vars)]);
  if (!messages) return undefined;
  const count = await countMessageTokens(messages, model);
  const maxOut = typeof doc.config.maxOutputTokens === 'number' ? doc.config.maxOutputTokens : undefined;
  const run = callCost(count.tokens, model ? modelInfo(model) : undefined, maxOut);
  const cases: SuiteCase[] = [];
  for (const t of doc.tests) {
    const rendered = await renderForPreviewOrCount(doc, file, [t.vars]);
    const models = t.models && t.models.length > 0 ? t.models : model ? [model] : [];
    let rows = 1;
    if (t.dataset && file) {
      rows = await loadDataset(datasetPath(t.dataset.value, file), editorFileSystem).then((r) => r.length, () => 1);
    }
    const tokens = rendered ? (await countMessageTokens(rendered, models[0])).tokens : count.tokens;
    cases.push({ promptTokens: tokens, models, repeat: t.repeat ?? 1, rows });
  }
  const suite = cases.length > 0 ? suiteCost(cases, (id) => modelInfo(id), maxOut) : undefined;
  return { count, replyTokens: run?.replyTokens ?? ASSUMED_REPLY_TOKENS, ...(model ? { model } : {}), ...(run ? { run: run.usd } : {}), ...(suite ? { suite } : {}) };
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
      + `${e.suite.unpricedCalls > 0 ? `, plus ${e.suite.unpricedCalls} on models without a known price` : ''}; llm-rubric grading not included.`);
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
