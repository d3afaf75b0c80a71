// Scalars for the fast frontmatter reader (yamlFast.ts): the `yaml` package's core-schema resolution of plain
// scalars, single-line quoted scalars and block (`|`, `>`) scalars. Anything this file is unsure of throws UNSUPPORTED.

/** Thrown (never as an Error, so no stack is captured) when the text leaves the subset the fast reader handles. */
export const UNSUPPORTED: unique symbol = Symbol('unsupported YAML');

/** Stops the fast reader; the caller falls back to the `yaml` package. */
export function unsupported(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentinel, caught in readYamlFast
  throw UNSUPPORTED;
}

// The core schema's tests in the order the `yaml` package tries them (yaml/dist/schema/core).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The value a plain scalar resolves to under YAML 1.2's core schema, as the `yaml` package resolves it. */
export function resolvePlain(text: string): unknown {
  if (text.length === 0) return null;
  const c = text.charCodeAt(0);
  // Tilde and n/N, t/T, f/F start only the null and boolean words (at most five characters); the numbers below start
  // with a digit, sign or dot; anything else is a string.
  if (c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70) {
    if (text.length > 5) return text;
    if (NULL.test(text)) return null;
    if (BOOL.test(text)) return c === 116 || c === 84;
    return text;
  }
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return text;
  if (INT_OCT.test(text)) return parseInt(text.substring(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (INT_HEX.test(text)) return parseInt(text.substring(2), 16);
  if (FLOAT_NAN.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/',
  '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

/** A quoted scalar that closes on the line it opens: its value and the offset after the closing quote. */
export function readQuoted(src: string, start: number, lineEnd: number): { value: string; end: number } {
  const quote = src.charCodeAt(start);
  let out = '';
  let from = start + 1;
  for (let i = start + 1; i < lineEnd; i++) {
    const c = src.charCodeAt(i);
    if (quote === 39) {
      if (c !== 39) continue;
      if (src.charCodeAt(i + 1) === 39) {
        out += src.slice(from, i + 1);
        from = i + 2;
        i++;
        continue;
      }
      return { value: out + src.slice(from, i), end: i + 1 };
    }
    if (c === 34) return { value: out + src.slice(from, i), end: i + 1 };
    if (c !== 92) continue;
    out += src.slice(from, i);
    const e = src[i + 1];
    const simple = e === undefined ? undefined : SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (e === 'x' || e === 'u') {
      const len = e === 'x' ? 2 : 4;
      const hex = src.slice(i + 2, i + 2 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) unsupported();
      out += String.fromCharCode(parseInt(hex, 16));
      i += 1 + len;
    } else {
      unsupported();
    }
    from = i + 1;
  }
  return unsupported();
}

/**
 * A `|` or `>` scalar whose header is at `p` (its line ends at `le`) in `s`; its lines must be indented deeper than
 * `parentCol`. Returns its value, where `yaml` ends it, and the start of the first line after it.
 */
export function readBlockScalar(s: string, p: number, le: number, parentCol: number): { value: string; end: number; next: number } {
  const literal = s.charCodeAt(p) === 124;
  let i = p + 1;
  const chomp = s[i] === '-' ? 'strip' : s[i] === '+' ? 'keep' : 'clip';
  if (chomp !== 'clip') i++;
  let h = i;
  while (h < le && s.charCodeAt(h) === 32) h++;
  if (h < le && (s.charCodeAt(h) !== 35 || h === i)) unsupported();
  const lines: string[] = [];
  let indent = -1;
  let leadingBlank = 0;
  let contentEnd = h < le ? le : i;
  let line = lineAfter(s, le);
  while (line < s.length) {
    const e = lineEnd(s, line);
    let sp = 0;
    while (line + sp < e && s.charCodeAt(line + sp) === 32) sp++;
    if (line + sp === e) {
      if (indent < 0) leadingBlank = Math.max(leadingBlank, sp);
      else if (sp > indent) unsupported();
      lines.push('');
    } else {
      if (indent < 0) {
        if (sp <= parentCol) break;
        indent = sp;
        if (leadingBlank > indent) unsupported();
      } else if (sp < indent) {
        break;
      }
      if (!literal && sp > indent) unsupported();
      lines.push(s.slice(line + indent, e));
      contentEnd = e;
    }
    line = lineAfter(s, e);
  }
  // A kept scalar ends with one break per line that has one; a last line without a break is left to `yaml`.
  if (chomp === 'keep' && line >= s.length && s.charCodeAt(s.length - 1) !== 10) unsupported();
  let last = lines.length - 1;
  while (last >= 0 && lines[last] === '') last--;
  let body: string;
  if (last < 0) {
    if (chomp === 'keep' && lines.length > 0) unsupported();
    body = '';
  } else if (literal) {
    body = lines.slice(0, last + 1).join('\n');
  } else {
    if (lines[0] === '') unsupported();
    body = lines[0];
    let blanks = 0;
    for (let k = 1; k <= last; k++) {
      if (lines[k] === '') {
        blanks++;
        continue;
      }
      body += (blanks > 0 ? '\n'.repeat(blanks) : ' ') + lines[k];
      blanks = 0;
    }
  }
  if (last >= 0 && chomp !== 'strip') body += chomp === 'keep' ? '\n'.repeat(lines.length - last) : '\n';
  return { value: body, end: contentEnd, next: line };
}

/** Offset of the line break (or the end) of the line holding `p`. */
function lineEnd(s: string, p: number): number {
  let i = s.indexOf('\n', p);
  if (i < 0) i = s.length;
  return i > p && s.charCodeAt(i - 1) === 13 ? i - 1 : i;
}

/** Start of the line after the one holding `p`. */
function lineAfter(s: string, p: number): number {
  const i = s.indexOf('\n', p);
  return i < 0 ? s.length : i + 1;
}

/** A blank, a line break, or past the end (NaN). */
export function isBlankOrEnd(c: number): boolean {
  return Number.isNaN(c) || c === 32 || c === 10 || c === 13;
}

/** Characters that cannot start a plain scalar (or start one only in ways left to `yaml`). */
export function isIndicator(c: number): boolean {
  // - ? : , [ ] { } # & * ! | > ' " % @ `
  return c === 45 || c === 63 || c === 58 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35 || c === 38
    || c === 42 || c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96;
}
