// One comparison as the diff view shows it: two versions' texts, their line diff, the frontmatter summary and the
// outcome comparison of the runs recorded for each text. Also compares one version on two models.
import { hashText } from '../store/key';
import { readVersion, type VersionContext, type VersionRef } from '../versions/versions';
import { summarizeFrontmatter, type FrontmatterSummary } from './frontmatterDiff';
import { compareOutcomes, type OutcomeComparison, type OutcomeRecord } from './outcomes';
import { diffText, type TextDiff, type TextDiffOptions } from './textDiff';
import { modelRefOf } from '../store/types';

/** The part of the outcome store the comparison reads; the store's `OutcomeStore` satisfies it. */
export interface OutcomeSource {
  /** Every record of the prompt whose text hashed to `promptHash`. */
  runsOfVersion(promptPath: string, promptHash: string): Promise<readonly OutcomeRecord[]>;
}

export interface ComparisonRequest {
  readonly left: VersionRef;
  readonly right: VersionRef;
  /** Compare models instead: each side keeps only the records of its model (`provider/model`). */
  readonly models?: { readonly left: string; readonly right: string };
}

export interface ComparedSide {
  readonly ref: VersionRef;
  readonly text: string;
  /** sha256 of the text, the key of its runs in the store. */
  readonly hash: string;
  /** The models this version ran on, to offer for a model comparison. */
  readonly models: readonly string[];
}

export interface Comparison {
  readonly left: ComparedSide;
  readonly right: ComparedSide;
  readonly text: TextDiff;
  readonly summary: FrontmatterSummary;
  readonly outcomes: OutcomeComparison;
}

export interface ComparisonContext extends VersionContext {
  readonly outcomes?: OutcomeSource;
  readonly textDiff?: TextDiffOptions;
}

/** Reads both versions and their recorded runs and computes everything the diff view shows. */
export async function buildComparison(ctx: ComparisonContext, request: ComparisonRequest): Promise<Comparison> {
  const [leftText, rightText] = await Promise.all([readVersion(ctx, request.left), readVersion(ctx, request.right)]);
  const promptPath = ctx.storePath ?? ctx.filePath;
  const leftHash = hashText(leftText);
  const rightHash = hashText(rightText);
  const [leftRuns, rightRuns] = await Promise.all([
    ctx.outcomes?.runsOfVersion(promptPath, leftHash) ?? [],
    leftHash === rightHash ? undefined : ctx.outcomes?.runsOfVersion(promptPath, rightHash),
  ]);
  const rightAll = rightRuns ?? leftRuns;
  const models = request.models;
  const leftRecords = models ? leftRuns.filter((r) => modelRefOf(r) === models.left) : leftRuns;
  const rightRecords = models ? rightAll.filter((r) => modelRefOf(r) === models.right) : rightAll;
  return {
    left: { ref: request.left, text: leftText, hash: leftHash, models: modelsOf(leftRuns) },
    right: { ref: request.right, text: rightText, hash: rightHash, models: modelsOf(rightAll) },
    text: diffText(leftText, rightText, ctx.textDiff),
    summary: summarizeFrontmatter(leftText, rightText),
    outcomes: compareOutcomes(leftRecords, rightRecords, { mode: models ? 'models' : 'versions' }),
  };
}

/** The distinct `provider/model` names among records, sorted. */
export function modelsOf(records: readonly OutcomeRecord[]): string[] {
  return [...new Set(records.map(modelRefOf))].sort();
}
