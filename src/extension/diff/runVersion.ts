// Runs test cases of one prompt version (any text: a commit, a snapshot, the buffer) through the engine, so the
// records land in the store under that text's hash and the diff view can show them. The cache makes unchanged
// requests free.
import { loadDataset } from '../../core/promptFile/dataset';
import { parse } from '../../core/promptFile/parse';
import { runCases } from '../../core/runner/execute';
import { planFile } from '../../core/runner/plan';
import type { RunSummary } from '../../core/runner/types';
import type { EngineSession } from '../engine/engineHost';
import { diskFileSystem } from '../engine/nodeFs';

export interface VersionRunRequest {
  readonly text: string;
  /** Absolute path of the prompt file (datasets and partials resolve from it). */
  readonly filePath: string;
  /** Case ids to run (the runner's `test › provider/model › row N › #k`); every case when absent. */
  readonly caseIds?: readonly string[];
  /** For a model comparison: run on this `provider/model` instead of the file's model. */
  readonly model?: string;
  readonly signal?: AbortSignal;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Plans and runs the requested cases of a version; resolves with the run summary (undefined when nothing matched). */
export async function runVersion(session: EngineSession, request: VersionRunRequest): Promise<RunSummary | undefined> {
  const doc = parse(request.text);
  const ids = request.caseIds;
  const plan = await planFile(doc, request.filePath, {
    ...(session.config.defaultModel !== undefined ? { defaultModel: session.config.defaultModel } : {}),
    ...(request.model !== undefined ? { models: [request.model] } : {}),
    ...(ids !== undefined ? { grep: new RegExp(`^(?:${ids.map(escapeRe).join('|')})$`) } : {}),
    loadRows: (p) => loadDataset(p, diskFileSystem),
  });
  if (plan.cases.length === 0) return undefined;
  return runCases({ cases: plan.cases, documents: new Map([[request.filePath, plan.document]]), problems: plan.problems }, session.deps, {
    concurrency: session.config.concurrency,
    providerConcurrency: session.providerConcurrency,
    tool: 'editor',
    allowJavascript: session.trusted,
    ...(session.config.grader !== undefined ? { graderModel: session.config.grader } : {}),
    ...(request.signal !== undefined ? { signal: request.signal } : {}),
  });
}
