// Builds the TestSpec list from the frontmatter data, with the ranges of every test, var and assertion.
import type { AssertionSpec, Located, Range, TestSpec } from './model';
import type { NodeIndex, NodeRef } from './yamlIndex';

/**
 * Where each test and assertion read by readTests sits in the YAML. Items that are not mappings are skipped, so a
 * spec's place in its list is not its item's place in the YAML; the checks look the item up by this.
 */
const itemRefs = new WeakMap<TestSpec | AssertionSpec, NodeRef>();

/** The YAML item a test or assertion was read from (undefined for specs readTests did not make). */
export function itemRefOf(spec: TestSpec | AssertionSpec): NodeRef | undefined {
  return itemRefs.get(spec);
}

/** Reads `tests:`; items that are not mappings are skipped (the schema reports them). */
export function readTests(data: Record<string, unknown> | null, nodes: NodeIndex, fallback: Range): TestSpec[] {
  const tests = data?.tests;
  if (!Array.isArray(tests)) return [];
  const out: TestSpec[] = [];
  const testsRef = nodes.child(nodes.root, 'tests');
  tests.forEach((item, i) => {
    if (!isRecord(item)) return;
    const path = nodes.child(testsRef, i);
    const name = typeof item.name === 'string' && item.name.trim() ? item.name : `test ${i + 1}`;
    const vars = isRecord(item.vars) ? item.vars : {};
    // The ranges are looked up when first read: a cold parse reads few of them (a diagnostic's, a hover's), and
    // looking up every var of every test was a tenth of the frontmatter checks. Own enumerable getters, so spreading,
    // JSON and deep equality see them as the plain values they stand for.
    let range: Range | undefined;
    let nameRange: Range | undefined;
    let varRanges: Record<string, Range> | undefined;
    const rangeOf = (): Range => (range ??= nodes.info(path)?.valueRange ?? fallback);
    const spec: {
      -readonly [K in keyof TestSpec]: TestSpec[K];
    } = {
      name,
      vars,
      assert: readAssertions(item.assert, nodes.child(path, 'assert'), nodes, rangeOf),
      get range() {
        return rangeOf();
      },
      get nameRange() {
        return (nameRange ??= nodes.info(nodes.child(path, 'name'))?.valueRange ?? firstLine(rangeOf()));
      },
      get varRanges() {
        return (varRanges ??= rangesOf(vars, nodes, nodes.child(path, 'vars')));
      },
    };
    const models = modelsOf(item);
    if (models) spec.models = models;
    if (typeof item.repeat === 'number' && Number.isInteger(item.repeat) && item.repeat >= 1) spec.repeat = item.repeat;
    if (typeof item.threshold === 'number') spec.threshold = item.threshold;
    if (typeof item.cache === 'boolean') spec.cache = item.cache;
    itemRefs.set(spec, path);
    if (typeof item.file === 'string') {
      const fileInfo = nodes.info(nodes.child(path, 'file'));
      const dataset: Located<string> = { value: item.file, range: fileInfo?.valueRange ?? rangeOf(), ...(fileInfo?.keyRange ? { keyRange: fileInfo.keyRange } : {}) };
      spec.dataset = dataset;
    }
    out.push(spec);
  });
  return out;
}

/** The key range of each var, by its name. */
function rangesOf(vars: Readonly<Record<string, unknown>>, nodes: NodeIndex, varsRef: NodeRef): Record<string, Range> {
  const out: Record<string, Range> = {};
  for (const key of Object.keys(vars)) {
    const r = nodes.info(nodes.child(varsRef, key))?.keyRange;
    if (r) out[key] = r;
  }
  return out;
}

function readAssertions(value: unknown, path: NodeRef, nodes: NodeIndex, testRange: () => Range): AssertionSpec[] {
  if (!Array.isArray(value)) return [];
  const out: AssertionSpec[] = [];
  value.forEach((item, j) => {
    if (!isRecord(item) || typeof item.type !== 'string') return;
    const itemPath = nodes.child(path, j);
    let range: Range | undefined;
    let typeRange: Range | undefined;
    const rangeOf = (): Range => (range ??= nodes.info(itemPath)?.valueRange ?? testRange());
    const spec: { -readonly [K in keyof AssertionSpec]: AssertionSpec[K] } = {
      type: item.type,
      raw: item,
      get range() {
        return rangeOf();
      },
      get typeRange() {
        return (typeRange ??= nodes.info(nodes.child(itemPath, 'type'))?.valueRange ?? rangeOf());
      },
    };
    if ('value' in item) spec.value = item.value;
    if (typeof item.threshold === 'number') spec.threshold = item.threshold;
    if (typeof item.weight === 'number') spec.weight = item.weight;
    if (typeof item.provider === 'string') spec.provider = item.provider;
    itemRefs.set(spec, itemPath);
    out.push(spec);
  });
  return out;
}

function modelsOf(item: Record<string, unknown>): string[] | undefined {
  const list: string[] = [];
  for (const v of [item.model, item.models, item.provider]) {
    if (typeof v === 'string' && v) list.push(v);
    else if (Array.isArray(v)) list.push(...v.filter((x): x is string => typeof x === 'string' && x !== ''));
  }
  return list.length > 0 ? [...new Set(list)] : undefined;
}

/** The range itself when on one line; otherwise an empty range at its start (its line's length is unknown here). */
function firstLine(r: Range): Range {
  return r.end.line === r.start.line ? r : { start: r.start, end: r.start };
}

/** True for a plain mapping. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
