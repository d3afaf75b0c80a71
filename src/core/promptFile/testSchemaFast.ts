// A hand check of the common shape of one `tests:` item, so that a valid item skips zod (which copies every var into
// a new object to say nothing): it answers true only when `testSchema` (schema.ts) surely accepts the item, and false
// whenever it is unsure; zod then judges the item and reports its issues. A property test compares the two.

/** True only when `testSchema.safeParse(item)` surely succeeds; false means "ask zod", not "invalid". */
export function surelyValidTest(item: unknown): boolean {
  if (!isPlainObject(item)) return false;
  for (const key of Object.keys(item)) {
    const v = item[key];
    // Every key of the schema is optional, and an optional key accepts undefined.
    if (v === undefined && key !== '__proto__') continue;
    switch (key) {
      case 'name':
      case 'description':
      case 'model':
      case 'file':
        if (typeof v !== 'string') return false;
        break;
      case 'vars':
        if (!isPlainObject(v)) return false;
        break;
      case 'models':
        if (!isStringList(v)) return false;
        break;
      case 'provider':
        if (typeof v !== 'string' && !isStringList(v)) return false;
        break;
      case 'repeat':
        if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 1000) return false;
        break;
      case 'threshold':
        if (!isFiniteNumber(v) || v < 0 || v > 1) return false;
        break;
      case 'cache':
        if (typeof v !== 'boolean') return false;
        break;
      case 'assert':
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!surelyValidAssertion(v[i])) return false;
        break;
      case '__proto__':
        return false;
      default:
        // Unknown keys are kept as written (a loose object).
        break;
    }
  }
  return true;
}

function surelyValidAssertion(a: unknown): boolean {
  if (!isPlainObject(a) || typeof a.type !== 'string') return false;
  for (const key of Object.keys(a)) {
    const v = a[key];
    if (v === undefined && key !== '__proto__') continue;
    switch (key) {
      case 'provider':
      case 'metric':
        if (typeof v !== 'string') return false;
        break;
      case 'threshold':
        if (!isFiniteNumber(v)) return false;
        break;
      case 'weight':
        if (!isFiniteNumber(v) || v < 0) return false;
        break;
      case '__proto__':
        return false;
      default:
        // `type` was checked above, `value` may be anything, and unknown keys are kept.
        break;
    }
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
