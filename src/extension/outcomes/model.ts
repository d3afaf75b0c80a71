// Maps the store's run records to the panel's protocol types, and searches full outputs. Pure (no vscode), so the
// mapping is unit-tested in plain Node and the benchmark measures it.
import type { RunRecord } from '../../core/store/types';
import type { AssertionView, OutcomeDetail, OutcomeStatus, OutcomeSummary, RenderedMessageView } from '../../protocol/outcomes';
import { redactText, redactValue } from './redact';

const previewLength = 160;

/** Resolves a record's store path (workspace-relative or absolute) to an absolute path. */
export type PathResolver = (storePath: string) => string;

/** Errored when the call failed or an assertion could not be evaluated; never counted as a plain failure. */
export function statusOf(record: RunRecord): OutcomeStatus {
  if (record.error) return 'errored';
  if (record.assertions.some((a) => a.error !== undefined || a.notRun === true)) return 'errored';
  return record.pass ? 'passed' : 'failed';
}

/** FNV-1a, 32 bits, hex: enough to tell whether two outputs differ, cheap for 10,000 outputs. */
export function outputHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The output on one line, whitespace runs collapsed, cut at `previewLength`; reads only as far as it needs. */
export function preview(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Space, tab, line breaks, form feed, vertical tab and the no-break space count as whitespace.
    if (c === 32 || (c >= 9 && c <= 13) || c === 160) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    if (out.length >= previewLength - 1) return `${out.slice(0, previewLength - 1)}…`;
    out += text[i];
  }
  return out;
}

export function versionLabel(record: RunRecord): string {
  if (record.git) return `${record.git.commit.slice(0, 7)}${record.git.dirty ? '*' : ''}`;
  return `snapshot ${record.promptHash.slice(0, 7)}`;
}

function firstProblem(record: RunRecord): string | undefined {
  if (record.error) return `${record.error.kind}: ${record.error.message}`;
  const bad = record.assertions.find((a) => a.error !== undefined || a.notRun === true || !a.pass);
  if (!bad) return undefined;
  return `${bad.type}: ${bad.error ?? bad.reason}`;
}

// The runner names cases `test › provider/model › row N › #k` (row and repeat only when present).
const caseSuffix = / › (row \d+)(?= › #\d+$|$)| › (#\d+)$/g;

/**
 * The case key (the id without the repeat number, so repeats of one case share a trend) and a short label for the
 * dataset row and repeat. Ids from another writer fall back to the repeat index.
 */
export function caseParts(record: RunRecord): { caseKey: string; caseLabel?: string } {
  const labels: string[] = [];
  if (record.caseId.includes(' › row ') || record.caseId.includes(' › #')) {
    for (const m of record.caseId.matchAll(caseSuffix)) labels.push(m[1] ?? m[2] ?? '');
  }
  const caseKey = labels.length > 0 ? record.caseId.replace(/ › #\d+$/, '') : record.caseId;
  if (!labels.some((l) => l.startsWith('#')) && record.repeatIndex > 0) labels.push(`#${record.repeatIndex + 1}`);
  return labels.length > 0 ? { caseKey, caseLabel: labels.join(' ') } : { caseKey };
}

/** The list row of a record. Built by assignment, not spreads: it runs for every record of a 10,000-run history. */
export function toSummary(record: RunRecord, resolve: PathResolver): OutcomeSummary {
  const s: { -readonly [K in keyof OutcomeSummary]: OutcomeSummary[K] } = {
    id: record.id,
    promptPath: resolve(record.promptPath),
    promptLabel: record.promptPath,
    testName: record.testName,
    caseKey: record.caseId,
    status: statusOf(record),
    score: record.score,
    model: `${record.provider}/${record.model}`,
    cached: record.cached,
    time: record.time,
    versionId: record.promptHash,
    versionLabel: versionLabel(record),
    outputPreview: preview(record.output),
    outputHash: outputHash(record.output),
    origin: record.tool,
  };
  const parts = caseParts(record);
  s.caseKey = parts.caseKey;
  if (parts.caseLabel !== undefined) s.caseLabel = parts.caseLabel;
  if (record.latencyMs !== undefined) s.latencyMs = record.latencyMs;
  if (record.usage?.inputTokens !== undefined) s.inputTokens = record.usage.inputTokens;
  if (record.usage?.outputTokens !== undefined) s.outputTokens = record.usage.outputTokens;
  if (record.costUsd !== null) s.costUsd = record.costUsd;
  const message = firstProblem(record);
  if (message !== undefined) s.message = redactText(message);
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
 * Provider metadata for the detail view. Records keep the endpoint and usage; any raw reply metadata a writer added
 * (`raw`, `finishReason`, `attempts`) is shown too. Everything passes through redaction.
 */
function providerMeta(record: RunRecord): Readonly<Record<string, unknown>> {
  const extra = record as unknown as { raw?: unknown };
  return redactValue({
    provider: record.provider,
    model: record.model,
    endpoint: record.endpoint,
    usage: record.usage ?? null,
    runId: record.runId,
    caseId: record.caseId,
    repeatIndex: record.repeatIndex,
    ...(extra.raw !== undefined ? { raw: extra.raw } : {}),
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
  const extra = record as unknown as { finishReason?: unknown; attempts?: unknown };
  const usage = record.usage;
  return {
    summary: toSummary(record, resolve),
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
