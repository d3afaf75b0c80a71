// Test checks: assertion types and values, duplicate names, and vars the input schema rejects.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { validationInput, validatorFor } from './ajvCache';
import { ASSERTION_TYPES, parseAssertionType, THRESHOLD_TYPES, VALUE_OPTIONAL_TYPES } from './assertionTypes';
import { diag } from './diagnosticCodes';
import type { InputsResult } from './inputs';
import type { Diagnostic, Range, TestSpec } from './model';
import { didYouMean } from './suggest';
import { itemRefOf } from './testSpecs';
import type { NodeIndex } from './yamlIndex';

/** Diagnostics on `tests:` judged against the assertion vocabulary and the input schema. */
export function testDiagnostics(tests: readonly TestSpec[], inputs: InputsResult, nodes: NodeIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  for (const test of tests) {
    // The test's own YAML item (items that are not mappings make no spec, so its place in `tests` may differ).
    const testRef = itemRefOf(test);
    if (testRef !== undefined && nodes.info(nodes.child(testRef, 'name'))) {
      const count = (seen.get(test.name) ?? 0) + 1;
      seen.set(test.name, count);
      if (count === 2) out.push(diag('PO3005', test.nameRange, `Another test is already named '${test.name}'. Give each test its own name.`, { name: test.name }));
    }
    for (const a of test.assert) checkAssertion(a, nodes, out);
    if (inputs.schema) checkVars(test, inputs, out);
  }
  return out;
}

type AssertionSpec = TestSpec['assert'][number];

/**
 * The range of an assertion's `value:`, looked up only when a diagnostic is made there. A function of its own, not a
 * closure per assertion: besides the closure, tsx (which runs the benchmarks) names each closure it creates.
 */
function valueRange(a: AssertionSpec, nodes: NodeIndex): Range {
  const itemRef = itemRefOf(a);
  return (itemRef !== undefined ? nodes.info(nodes.child(itemRef, 'value'))?.valueRange : undefined) ?? a.range;
}

function checkAssertion(a: AssertionSpec, nodes: NodeIndex, out: Diagnostic[]): void {
  const parsed = parseAssertionType(a.type);
  if (!parsed) {
    const suggestion = didYouMean(a.type, ASSERTION_TYPES);
    out.push(diag('PO3001', a.typeRange,
      `Unknown assertion type '${a.type}'.${suggestion ? ` Did you mean '${suggestion}'?` : ' Use e.g. contains, equals, regex, is-json, llm-rubric (optionally with `not-`).'}`,
      suggestion ? { type: a.type, suggestion } : { type: a.type }));
    return;
  }
  const hasValue = 'value' in a.raw && a.raw.value !== null;
  if (!hasValue && !VALUE_OPTIONAL_TYPES.has(parsed.base)) {
    out.push(diag('PO3003', a.typeRange, `${article(a.type)} '${a.type}' assertion needs a \`value:\` to compare the output with. Add one.`, { type: a.type }));
  } else if (!hasValue && THRESHOLD_TYPES.has(parsed.base) && a.threshold === undefined) {
    const unit = parsed.base === 'latency' ? 'milliseconds' : 'US dollars';
    out.push(diag('PO3003', a.typeRange, `${article(a.type)} '${a.type}' assertion needs \`threshold:\` (in ${unit}). Add one.`, { type: a.type }));
  }
  if (parsed.base === 'regex' && typeof a.value === 'string') {
    try {
      new RegExp(a.value);
    } catch (e) {
      const reason = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
      out.push(diag('PO3004', valueRange(a, nodes), `The regular expression does not compile: ${reason}. Correct it (remember to escape \`\\\` in YAML double quotes).`));
    }
  }
}

/** Validation errors by validator, then by the test's vars object (unchanged frontmatter chunks keep their objects). */
let varErrorCache = new WeakMap<ValidateFunction, WeakMap<object, { defaults: object; errors: readonly ErrorObject[] }>>();

/** Forgets the cached vars checks (benchmarks measure cold parses with it). */
export function clearVarCheckCache(): void {
  varErrorCache = new WeakMap();
}

function checkVars(test: TestSpec, inputs: InputsResult, out: Diagnostic[]): void {
  const validate = validatorFor(inputs.schema ?? {});
  if (validate instanceof Error) return;
  for (const err of varErrors(validate, inputs.defaults, test.vars)) {
    // Rows of a dataset supply the missing vars; only the row check can judge them.
    if (err.keyword === 'required' && test.dataset) continue;
    out.push(varError(test, err));
  }
}

const NO_DEFAULTS = {};

function varErrors(validate: ValidateFunction, defaults: Readonly<Record<string, unknown>>, testVars: Readonly<Record<string, unknown>>): readonly ErrorObject[] {
  let byVars = varErrorCache.get(validate);
  if (!byVars) {
    byVars = new WeakMap();
    varErrorCache.set(validate, byVars);
  }
  const hit = byVars.get(testVars);
  const defaultsKey = Object.keys(defaults).length === 0 ? NO_DEFAULTS : defaults;
  if (hit && hit.defaults === defaultsKey) return hit.errors;
  // A fresh object: the validator applies schema defaults in place.
  const errors = validate(validationInput(validate, defaults, testVars)) ? [] : [...(validate.errors ?? [])];
  byVars.set(testVars, { defaults: defaultsKey, errors });
  return errors;
}

function varError(test: TestSpec, err: ErrorObject): Diagnostic {
  const segments = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const top = segments[0];
  const where = segments.length > 0 ? `\`${segments.join('.')}\`` : 'vars';
  if (err.keyword === 'required') {
    const missing = String((err.params as { missingProperty?: string }).missingProperty ?? '');
    const range = (top !== undefined ? test.varRange(top) : undefined) ?? test.nameRange;
    const owner = segments.length > 0 ? ` in ${where}` : '';
    return diag('PO3002', range, `Test '${test.name}' does not set the required input '${missing}'${owner}. Add it under \`vars:\` or give it a default.`,
      { test: test.name, variable: missing });
  }
  if (err.keyword === 'additionalProperties') {
    const extra = String((err.params as { additionalProperty?: string }).additionalProperty ?? '');
    const range = (segments.length === 0 ? test.varRange(extra) : test.varRange(top)) ?? test.nameRange;
    return diag('PO3002', range, `Test '${test.name}' sets '${extra}', which \`input.schema\` does not declare. Declare it or remove it.`,
      { test: test.name, variable: extra });
  }
  const range = (top !== undefined ? test.varRange(top) : undefined) ?? test.nameRange;
  return diag('PO3002', range, `In test '${test.name}', ${where} ${err.message ?? 'is invalid'}. Change it so \`input.schema\` accepts it.`,
    { test: test.name, variable: top ?? '' });
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'An' : 'A';
}
