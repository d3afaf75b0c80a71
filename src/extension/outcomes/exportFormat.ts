// Export of the outcomes the panel shows, as JSON or CSV. Pure (no vscode) so the formats are unit-tested.
import type { OutcomeDetail } from '../../protocol/outcomes';

/** The JSON export: one object per outcome, stable field order, no provider metadata (it is for humans and CI). */
export function toExportJson(details: readonly OutcomeDetail[]): string {
  const items = details.map((d) => {
    const s = d.summary;
    return {
      id: s.id,
      prompt: s.promptLabel,
      test: s.testName,
      case: s.caseLabel ?? null,
      status: s.status,
      score: s.score ?? null,
      model: s.model,
      latencyMs: s.latencyMs ?? null,
      inputTokens: d.usage.inputTokens ?? null,
      outputTokens: d.usage.outputTokens ?? null,
      costUsd: d.usage.costUsd ?? null,
      cached: s.cached,
      time: new Date(s.time).toISOString(),
      origin: s.origin,
      version: { contentHash: d.version.contentHash, commit: d.version.commit ?? null, dirty: d.version.dirty ?? null },
      output: d.output,
      assertions: d.assertions.map((a) => ({ type: a.type, pass: a.pass, score: a.score ?? null, reason: a.reason })),
      error: d.error ?? null,
    };
  });
  return JSON.stringify(items, null, 2) + '\n';
}

export const csvColumns = [
  'prompt', 'test', 'case', 'status', 'score', 'model', 'latency_ms', 'input_tokens', 'output_tokens', 'cost_usd',
  'cached', 'time', 'version', 'commit', 'output', 'message',
] as const;

/**
 * One CSV field per RFC 4180. Cells that a spreadsheet would evaluate as a formula get a leading apostrophe, because
 * model output is untrusted and exports get opened in spreadsheets.
 */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV export: a header row, then one row per outcome, CRLF line ends as RFC 4180 asks. */
export function toExportCsv(details: readonly OutcomeDetail[]): string {
  const lines = [csvColumns.join(',')];
  for (const d of details) {
    const s = d.summary;
    const fields: (string | number | boolean | undefined)[] = [
      s.promptLabel, s.testName, s.caseLabel, s.status, s.score, s.model, s.latencyMs, d.usage.inputTokens,
      d.usage.outputTokens, d.usage.costUsd, s.cached, new Date(s.time).toISOString(), d.version.contentHash,
      d.version.commit, d.output, d.error?.message ?? s.message,
    ];
    lines.push(fields.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
