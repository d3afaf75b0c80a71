// Expands a prompt file's tests into cases: tests × dataset rows × models × repetitions, in a stable order with
// stable ids, so a rerun, the Test Explorer and the history all name the same case the same way.
import { datasetPath } from '../promptFile/dataset';
import type { PromptDocument, TestSpec } from '../promptFile/model';
import type { FilePlan, PlanProblem, PlannedCase, RunPlan } from './types';

export interface PlanOptions {
  /** Models from the command line; they replace the file's model but not a test's own `models`. */
  readonly models?: readonly string[];
  /** The configured default model, used when neither the test, the command nor the file names one. */
  readonly defaultModel?: string;
  /** Overrides every test's `repeat`. */
  readonly repeat?: number;
  /** Keeps only cases whose id matches. */
  readonly grep?: RegExp;
  /** Reads a `file:` dataset (absolute path) into rows; required only when a test has a dataset. */
  readonly loadRows?: (absolutePath: string) => Promise<readonly Readonly<Record<string, unknown>>[]>;
}

const SEP = ' › ';

/** Plans the cases of one parsed prompt file. */
export async function planFile(document: PromptDocument, filePath: string, options: PlanOptions = {}): Promise<FilePlan> {
  const cases: PlannedCase[] = [];
  const problems: PlanProblem[] = [];
  const names = uniqueTestNames(document.tests);
  for (let t = 0; t < document.tests.length; t++) {
    const test = document.tests[t];
    const testName = names[t];
    const rows = await datasetRows(test, filePath, options, (message) =>
      problems.push({ filePath, testName, range: test.dataset?.range ?? test.range, message }),
    );
    if (rows === undefined) continue;
    const models = modelsFor(test, document, options);
    const repeatCount = Math.max(1, Math.floor(options.repeat ?? test.repeat ?? 1));
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      for (const model of models) {
        const groupParts = [testName, model ?? '(no model)'];
        if (row !== undefined) groupParts.push(`row ${r + 1}`);
        const groupId = groupParts.join(SEP);
        for (let k = 0; k < repeatCount; k++) {
          const id = repeatCount > 1 ? `${groupId}${SEP}#${k + 1}` : groupId;
          if (options.grep !== undefined && !options.grep.test(id)) continue;
          cases.push({
            id,
            index: cases.length,
            filePath,
            testIndex: t,
            testName,
            model,
            ...(row !== undefined ? { row: r } : {}),
            repeatIndex: k,
            repeatCount,
            vars: row !== undefined ? { ...test.vars, ...row } : test.vars,
            test,
            range: test.range,
            groupId: `${filePath}${SEP}${groupId}`,
          });
        }
      }
    }
  }
  return { filePath, document, cases, problems };
}

/** Joins file plans into one run plan, re-indexing cases so results keep the files' order. */
export function combinePlans(plans: readonly FilePlan[]): RunPlan {
  const cases: PlannedCase[] = [];
  const documents = new Map<string, PromptDocument>();
  const problems: PlanProblem[] = [];
  for (const plan of plans) {
    documents.set(plan.filePath, plan.document);
    problems.push(...plan.problems);
    for (const c of plan.cases) cases.push({ ...c, index: cases.length });
  }
  return { cases, documents, problems };
}

/** Names tests uniquely: a repeated name gets its 1-based position appended, so ids never collide. */
export function uniqueTestNames(tests: readonly TestSpec[]): string[] {
  const counts = new Map<string, number>();
  for (const t of tests) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  return tests.map((t, i) => {
    if (t.name.trim() === '') return `test ${i + 1}`;
    return (counts.get(t.name) ?? 0) > 1 ? `${t.name} [${i + 1}]` : t.name;
  });
}

function modelsFor(test: TestSpec, document: PromptDocument, options: PlanOptions): (string | undefined)[] {
  if (test.models !== undefined && test.models.length > 0) return [...new Set(test.models)];
  if (options.models !== undefined && options.models.length > 0) return [...new Set(options.models)];
  return [document.model?.value ?? options.defaultModel];
}

/** One `undefined` row for a test without a dataset; undefined (after reporting) when the dataset is unreadable. */
async function datasetRows(
  test: TestSpec,
  filePath: string,
  options: PlanOptions,
  report: (message: string) => void,
): Promise<(Readonly<Record<string, unknown>> | undefined)[] | undefined> {
  if (test.dataset === undefined) return [undefined];
  const path = datasetPath(test.dataset.value, filePath);
  if (options.loadRows === undefined) {
    report(`dataset ${test.dataset.value} cannot be read here`);
    return undefined;
  }
  try {
    const rows = await options.loadRows(path);
    if (rows.length === 0) {
      report(`dataset ${test.dataset.value} has no rows`);
      return undefined;
    }
    return [...rows];
  } catch (e) {
    report(`dataset ${test.dataset.value}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
