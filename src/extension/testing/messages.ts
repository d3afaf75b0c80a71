// Turns case results into Test Explorer messages and inline results.
import * as vscode from 'vscode';
import type { CaseResult, GroupResult, PlannedCase } from '../../core/runner/types';
import { toVsRange } from '../language/documentCache';
import type { InlineResult } from './inlineResults';

/** One message per failed assertion, at the assertion's line; equality-like ones carry an expected/actual diff. */
export function caseMessages(c: PlannedCase, r: CaseResult, showModel: boolean): vscode.TestMessage[] {
  if (r.status !== 'failed') return [];
  const uri = vscode.Uri.file(c.filePath);
  const prefix = `${showModel && c.model ? `[${c.model}] ` : ''}${c.repeatCount > 1 ? `#${c.repeatIndex + 1} ` : ''}${c.row !== undefined ? `row ${c.row + 1} ` : ''}`;
  const out: vscode.TestMessage[] = [];
  for (const a of r.assertions) {
    if (a.pass) continue;
    const text = `${prefix}${a.type}: ${a.error ?? a.reason}`;
    const m = a.expected !== undefined && a.actual !== undefined ? vscode.TestMessage.diff(text, a.expected, a.actual) : new vscode.TestMessage(text);
    m.location = new vscode.Location(uri, toVsRange(a.range));
    out.push(m);
  }
  if (out.length === 0) {
    const m = new vscode.TestMessage(`${prefix}score ${r.score.toFixed(2)} is below the test's threshold`);
    m.location = new vscode.Location(uri, toVsRange(c.range));
    out.push(m);
  }
  return out;
}

/** The error of a case that could not be run or graded, at the test's line. */
export function errorMessage(c: PlannedCase, r: CaseResult): vscode.TestMessage {
  const m = new vscode.TestMessage(`${c.model ? `[${c.model}] ` : ''}${r.error?.kind ?? 'error'}: ${r.error?.message ?? 'the case failed to run'}`);
  m.location = new vscode.Location(vscode.Uri.file(c.filePath), toVsRange(c.range));
  return m;
}

/** Sums a test's cases into the text shown beside its line. */
export function inlineResultOf(
  status: InlineResult['status'],
  line: number,
  rs: readonly CaseResult[],
  groups: readonly GroupResult[],
  label?: string,
): InlineResult {
  // The latency of calls really made, as the outcome panel and the diff count it (a cached reply's is the first fetch's).
  const latencies = rs.filter((r) => !r.cached).map((r) => r.latencyMs).filter((x): x is number => x !== undefined);
  const tokens = rs.map((r) => r.usage?.totalTokens ?? ((r.usage?.inputTokens ?? 0) + (r.usage?.outputTokens ?? 0) || undefined));
  const costs = rs.map((r) => r.costUsd);
  const reasons = rs.flatMap((r) => [
    ...(r.error ? [`${r.error.kind}: ${r.error.message}`] : []),
    ...r.assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.error ?? a.reason}`),
  ]);
  const repeats = groups.filter((g) => g.total > 1);
  const last = [...rs].reverse().find((r) => r.output !== undefined);
  return {
    status,
    line,
    ...(latencies.length > 0 ? { latencyMs: latencies.reduce((a, b) => a + b, 0) / latencies.length } : {}),
    ...(tokens.every((t) => t !== undefined) && tokens.length > 0 ? { tokens: (tokens).reduce((a, b) => a + b, 0) } : {}),
    ...(costs.every((c) => c !== undefined) && costs.length > 0 ? { costUsd: (costs).reduce((a, b) => a + b, 0) } : {}),
    cached: rs.length > 0 && rs.every((r) => r.cached),
    ...(last?.output !== undefined ? { output: last.output } : {}),
    reasons,
    ...(repeats.length > 0 ? { passRate: repeats.map((g) => `${g.passes}/${g.total}`).join(', ') } : {}),
    ...(label !== undefined ? { label } : {}),
  };
}
