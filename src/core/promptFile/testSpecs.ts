// Builds the TestSpec list from the frontmatter data, with the ranges of every test, var and assertion.
import type { AssertionSpec, Located, Range, TestSpec } from './model';
import type { NodeIndex, NodeRef } from './yamlIndex';

/**
 * A test read from the YAML. It knows its item's place in the YAML tree (items that are not mappings are skipped, so
 * a spec's place in its list is not its item's place; the checks look the item up by it) and finds a var's key range
 * when asked: a cold parse of a file with many tests used to look up every var of every test, and reads almost none.
 * A class, not an object literal with getters, which cost a runtime call per object.
 */
class YamlTestSpec implements TestSpec {
  declare models?: readonly string[];
  declare repeat?: number;
  declare threshold?: number;
  declare cache?: boolean;
  declare dataset?: Located<string>;
  readonly #nodes: NodeIndex;
  readonly #ref: NodeRef;

  constructor(readonly name: string, readonly vars: Readonly<Record<string, unknown>>, readonly assert: readonly AssertionSpec[],
    readonly range: Range, readonly nameRange: Range, nodes: NodeIndex, ref: NodeRef) {
    this.#nodes = nodes;
    this.#ref = ref;
  }

  get itemRef(): NodeRef {
    return this.#ref;
  }

  varRange(name: string): Range | undefined {
    if (!Object.prototype.hasOwnProperty.call(this.vars, name)) return undefined;
    const nodes = this.#nodes;
    return nodes.info(nodes.child(nodes.child(this.#ref, 'vars'), name))?.keyRange;
  }
}

/** An assertion read from the YAML, with its item's place in the YAML tree. */
class YamlAssertionSpec implements AssertionSpec {
  declare value?: unknown;
  declare threshold?: number;
  declare weight?: number;
  declare provider?: string;
  readonly #ref: NodeRef;

  constructor(readonly type: string, readonly raw: Readonly<Record<string, unknown>>, readonly range: Range, readonly typeRange: Range, ref: NodeRef) {
    this.#ref = ref;
  }

  get itemRef(): NodeRef {
    return this.#ref;
  }
}

/** The YAML item a test or assertion was read from (undefined for specs readTests did not make). */
export function itemRefOf(spec: TestSpec | AssertionSpec): NodeRef | undefined {
  return spec instanceof YamlTestSpec || spec instanceof YamlAssertionSpec ? spec.itemRef : undefined;
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
    const range = nodes.info(path)?.valueRange ?? fallback;
    const nameInfo = nodes.info(nodes.child(path, 'name'));
    const name = typeof item.name === 'string' && item.name.trim() ? item.name : `test ${i + 1}`;
    const vars = isRecord(item.vars) ? item.vars : {};
    const assertions = readAssertions(item.assert, nodes.child(path, 'assert'), nodes, range);
    const spec = new YamlTestSpec(name, vars, assertions, range, nameInfo?.valueRange ?? firstLine(range), nodes, path);
    const models = modelsOf(item);
    if (models) spec.models = models;
    if (typeof item.repeat === 'number' && Number.isInteger(item.repeat) && item.repeat >= 1) spec.repeat = item.repeat;
    if (typeof item.threshold === 'number') spec.threshold = item.threshold;
    if (typeof item.cache === 'boolean') spec.cache = item.cache;
    if (typeof item.file === 'string') {
      const fileInfo = nodes.info(nodes.child(path, 'file'));
      const dataset: Located<string> = { value: item.file, range: fileInfo?.valueRange ?? range, ...(fileInfo?.keyRange ? { keyRange: fileInfo.keyRange } : {}) };
      spec.dataset = dataset;
    }
    out.push(spec);
  });
  return out;
}

function readAssertions(value: unknown, path: NodeRef, nodes: NodeIndex, fallback: Range): AssertionSpec[] {
  if (!Array.isArray(value)) return [];
  const out: AssertionSpec[] = [];
  value.forEach((item, j) => {
    if (!isRecord(item) || typeof item.type !== 'string') return;
    const itemPath = nodes.child(path, j);
    const range = nodes.info(itemPath)?.valueRange ?? fallback;
    const spec = new YamlAssertionSpec(item.type, item, range, nodes.info(nodes.child(itemPath, 'type'))?.valueRange ?? range, itemPath);
    if ('value' in item) spec.value = item.value;
    if (typeof item.threshold === 'number') spec.threshold = item.threshold;
    if (typeof item.weight === 'number') spec.weight = item.weight;
    if (typeof item.provider === 'string') spec.provider = item.provider;
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
