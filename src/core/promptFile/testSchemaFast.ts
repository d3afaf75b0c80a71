// Hand checks of the common shapes of one `tests:` item and of the `input`, `output` and `config` sections, so that a
// valid value skips zod (which copies every var, and every key of a schema, into a new object to say nothing): each
// answers true only when the zod schema (schema.ts) surely accepts the value, and false whenever it is unsure; zod
// then judges the value and reports its issues. Property tests compare the two.

/** True only when `testSchema.safeParse(item)` surely succeeds; false means "ask zod", not "invalid". */
export function surelyValidTest(item: unknown): boolean {
  return isPlainObject(item) && everyValueFits(item, testValueFits);
}

/**
 * True only when the frontmatter schema's check of the top-level key `key` surely accepts `value`, for the sections
 * this knows (`input`, `output`, `config`); false means "ask zod", not "invalid".
 */
export function surelyValidSection(key: string, value: unknown): boolean {
  switch (key) {
    case 'input':
      return isPlainObject(value) && everyValueFits(value, inputValueFits);
    case 'output':
      return isPlainObject(value) && everyValueFits(value, outputValueFits);
    case 'config':
      return isPlainObject(value) && everyValueFits(value, configValueFits);
    default:
      return false;
  }
}

function inputValueFits(key: string, v: unknown): boolean {
  if (key === 'schema') return isSchemaValue(v);
  if (key === 'default') return isRecordOfAnything(v);
  return true;
}

function outputValueFits(key: string, v: unknown): boolean {
  if (key === 'format') return v === 'text' || v === 'json';
  if (key === 'schema') return isSchemaValue(v);
  return true;
}

function configValueFits(key: string, v: unknown): boolean {
  switch (key) {
    case 'temperature':
      return isFiniteNumber(v) && v >= 0 && v <= 2;
    case 'topP':
      return isFiniteNumber(v) && v >= 0 && v <= 1;
    case 'maxOutputTokens':
    case 'topK':
      return Number.isSafeInteger(v) && (v as number) >= 1;
    case 'stopSequences':
      return isStringList(v);
    default:
      // Provider-specific keys pass through as written (a loose object).
      return true;
  }
}

/** A schema name, or a mapping (Picoschema or JSON Schema) whose values zod does not look at. */
function isSchemaValue(v: unknown): boolean {
  return typeof v === 'string' || isRecordOfAnything(v);
}

/** What `z.record(z.string(), z.unknown())` surely accepts: a plain mapping without a `__proto__` key. */
function isRecordOfAnything(v: unknown): boolean {
  return isPlainObject(v) && !Object.prototype.hasOwnProperty.call(v, '__proto__');
}

function testValueFits(key: string, v: unknown): boolean {
  switch (key) {
    case 'name':
    case 'description':
    case 'model':
    case 'file':
      return typeof v === 'string';
    case 'vars':
      return isPlainObject(v);
    case 'models':
      return isStringList(v);
    case 'provider':
      return typeof v === 'string' || isStringList(v);
    case 'repeat':
      return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 1000;
    case 'threshold':
      return isFiniteNumber(v) && v >= 0 && v <= 1;
    case 'cache':
      return typeof v === 'boolean';
    case 'assert':
      if (!Array.isArray(v)) return false;
      for (let i = 0; i < v.length; i++) if (!surelyValidAssertion(v[i])) return false;
      return true;
    default:
      // Unknown keys are kept as written (a loose object).
      return true;
  }
}

function surelyValidAssertion(a: unknown): boolean {
  return isPlainObject(a) && typeof a.type === 'string' && everyValueFits(a, assertionValueFits);
}

function assertionValueFits(key: string, v: unknown): boolean {
  switch (key) {
    case 'provider':
    case 'metric':
      return typeof v === 'string';
    case 'threshold':
      return isFiniteNumber(v);
    case 'weight':
      return isFiniteNumber(v) && v >= 0;
    default:
      // `type` was checked by the caller, `value` may be anything, and unknown keys are kept.
      return true;
  }
}

/** Every own key's value passes `fits`; undefined values pass (every key is optional), and `__proto__` never does. */
function everyValueFits(o: Record<string, unknown>, fits: (key: string, v: unknown) => boolean): boolean {
  for (const key of Object.keys(o)) {
    if (key === '__proto__') return false;
    const v = o[key];
    if (v !== undefined && !fits(key, v)) return false;
  }
  return true;
}

/**
 * An object zod's record and object checks accept (util.isPlainObject): here only ordinary or null-prototype objects
 * without an own `constructor` key, which zod reads to decide; YAML builds the first kind.
 */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && !Object.prototype.hasOwnProperty.call(v, 'constructor');
}

function isStringList(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
  return true;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
