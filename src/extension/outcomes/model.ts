// Maps the store's run records to the panel's protocol types, and searches full outputs. Pure (no vscode), so the
// mapping is unit-tested in plain Node and the benchmark measures it.
import { summarize } from '../../core/store/summary';
import { modelRefOf, type RecordSummary, type RunRecord } from '../../core/store/types';
import type { AssertionView, OutcomeDetail, OutcomeSummary, RenderedMessageView } from '../../protocol/outcomes';
import { redactText, redactValue } from './redact';

/** Resolves a record's store path (workspace-relative or absolute) to an absolute path. */
export type PathResolver = (storePath: string) => string;

/** The short label of the prompt version a run used: its commit, or its snapshot hash. */
export function versionLabel(record: Pick<RunRecord, 'git' | 'promptHash'>): string {
  if (record.git) return `${record.git.commit.slice(0, 7)}${record.git.dirty ? '*' : ''}`;
  return `snapshot ${record.promptHash.slice(0, 7)}`;
}

// The runner names cases `test › provider/model › row N › #k` (row and repeat only when present).
const caseSuffix = / › (row \d+)(?= › #\d+$|$)| › (#\d+)$/g;

/**
 * The case key (the id without the repeat number, so repeats of one case share a trend) and a short label for the
 * dataset row and repeat. Ids from another writer fall back to the repeat index.
 */
export function caseParts(record: Pick<RunRecord, 'caseId' | 'repeatIndex'>): { caseKey: string; caseLabel?: string } {
  const labels: string[] = [];
  if (record.caseId.includes(' › row ') || record.caseId.includes(' › #')) {
    for (const m of record.caseId.matchAll(caseSuffix)) labels.push(m[1] ?? m[2] ?? '');
  }
  const caseKey = labels.length > 0 ? record.caseId.replace(/ › #\d+$/, '') : record.caseId;
  if (!labels.some((l) => l.startsWith('#')) && record.repeatIndex > 0) labels.push(`#${record.repeatIndex + 1}`);
  return labels.length > 0 ? { caseKey, caseLabel: labels.join(' ') } : { caseKey };
}

/** The list row of a record's summary. Built by assignment, not spreads: it runs for every run of a 10,000-run list. */
export function toSummary(record: RecordSummary, resolve: PathResolver): OutcomeSummary {
  const s: { -readonly [K in keyof OutcomeSummary]: OutcomeSummary[K] } = {
    id: record.id,
    promptPath: resolve(record.promptPath),
    promptLabel: record.promptPath,
    testName: record.testName,
    caseKey: record.caseId,
    status: record.status,
    score: record.score,
    model: modelRefOf(record),
    cached: record.cached,
    time: record.time,
    versionId: record.promptHash,
    versionLabel: versionLabel(record),
    outputPreview: record.preview,
    outputHash: record.outputHash,
    origin: record.tool,
  };
  const parts = caseParts(record);
  s.caseKey = parts.caseKey;
  if (parts.caseLabel !== undefined) s.caseLabel = parts.caseLabel;
  if (record.latencyMs !== undefined) s.latencyMs = record.latencyMs;
  if (record.inputTokens !== undefined) s.inputTokens = record.inputTokens;
  if (record.outputTokens !== undefined) s.outputTokens = record.outputTokens;
  if (record.costUsd !== null) s.costUsd = record.costUsd;
  if (record.problem !== undefined) s.message = redactText(record.problem);
  return s;
}

function messageView(m: RunRecord['messages'][number]): RenderedMessageView {
  const text = m.content
    .map((p) => ('text' in p ? p.text : `[media: ${p.media.contentType ?? 'unknown type'} ${p.media.url.startsWith('data:') ? '(inline data)' : p.media.url}]`))
    .join('');
  return { role: m.role, text };
}

function assertionView(a: RunRecord['assertions'][number]): AssertionView {
  const reason = a.error !== undefined ? `error: ${a.error}` : a.notRun ? `not run: ${a.reason}` : a.reason;
  return { type: a.type, pass: a.pass, score: a.score, reason, weight: a.weight };
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? 'null';
  } catch {
    return '"(not serialisable)"';
  }
}

/**
 * Provider metadata for the detail view: where the call went, its usage, and the provider's own reply metadata as the
 * runner recorded it (`response`). Everything passes through redaction again: records on disk may come from an older
 * or foreign writer.
 */
function providerMeta(record: RunRecord): Readonly<Record<string, unknown>> {
  const response: unknown = record.providerMeta;
  return redactValue({
    provider: record.provider,
    model: record.model,
    endpoint: record.endpoint,
    usage: record.usage ?? null,
    runId: record.runId,
    caseId: record.caseId,
    repeatIndex: record.repeatIndex,
    ...(response !== null && typeof response === 'object' && !Array.isArray(response) ? { response } : {}),
  }) as Readonly<Record<string, unknown>>;
}

/** JSON when the whole output is a JSON object or array (what `output.format: json` prompts produce). */
export function guessFormat(output: string): 'text' | 'json' {
  const t = output.trim();
  if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return 'text';
  try {
    JSON.parse(t);
    return 'json';
  } catch {
    return 'text';
  }
}

/** Everything the detail view shows for a record, secrets redacted. */
export function toDetail(record: RunRecord, resolve: PathResolver, outputFormat: 'text' | 'json' = guessFormat(record.output)): OutcomeDetail {
  // Typed optional fields, but a record on disk is untrusted: only the right types are shown.
  const extra = record as { finishReason?: unknown; attempts?: unknown };
  const usage = record.usage;
  return {
    summary: toSummary(summarize(record), resolve),
    messages: record.messages.map(messageView),
    output: record.output,
    outputFormat,
    assertions: record.assertions.map(assertionView),
    varsJson: json(redactValue(record.vars)),
    timing: {
      ...(record.latencyMs === undefined ? {} : { latencyMs: record.latencyMs }),
      ...(typeof extra.attempts === 'number' ? { attempts: extra.attempts } : {}),
      ...(typeof extra.finishReason === 'string' ? { finishReason: extra.finishReason } : {}),
    },
    usage: {
      ...(usage?.inputTokens === undefined ? {} : { inputTokens: usage.inputTokens }),
      ...(usage?.outputTokens === undefined ? {} : { outputTokens: usage.outputTokens }),
      ...(usage?.totalTokens === undefined ? {} : { totalTokens: usage.totalTokens }),
      ...(record.costUsd === null ? {} : { costUsd: record.costUsd }),
    },
    providerMetaJson: json(providerMeta(record)),
    version: {
      contentHash: record.promptHash,
      ...(record.git ? { commit: record.git.commit, dirty: record.git.dirty } : {}),
    },
    ...(record.error ? { error: { kind: record.error.kind, message: redactText(record.error.message) } } : {}),
  };
}

/** Ids of records whose full output contains `text`, ignoring case. */
export function searchOutputs(records: Iterable<RunRecord>, text: string): string[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [];
  const ids: string[] = [];
  for (const r of records) if (r.output.toLowerCase().includes(needle)) ids.push(r.id);
  return ids;
}
