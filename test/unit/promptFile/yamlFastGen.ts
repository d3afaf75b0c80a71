// Random frontmatter YAML for the differential tests of the fast reader (yamlFast.property.test.ts): documents in the
// subset it reads, written with varied indentation, comments and blank lines, and the pieces mutations insert.
import * as fc from 'fast-check';

type Value =
  | { kind: 'plain'; text: string }
  | { kind: 'quoted'; text: string }
  | { kind: 'block'; header: string; lines: string[] }
  | { kind: 'flow'; text: string }
  | { kind: 'map'; pairs: [string, Value][] }
  | { kind: 'seq'; items: Value[] };

const PLAIN = ['x', 'hello world', 'openai/gpt-4o-mini', '1', '-2', '+3', '007', '0x1F', '0o17', '1e3', '.5', '1.', '-.inf', '.NaN', '1_000',
  'null', 'Null', '~', 'true', 'False', 'TRUE', 'yes', 'é', '😀 ok', "it's", 'a, b', 'x#y', 'http://x.com/a#b', 'a:b', 'x ]', '12345678901234567890',
  '-x', 'value 0-0', 'constructor', 'toString', 'a  b', 'ünïcode ×'];
const QUOTED = ['"x"', '"a: b"', '"with \\"escapes\\" \\n \\t \\u00e9 \\x41 \\\\"', "'single'", "'it''s'", '""', "''", '"1"', '"null"', '"# not a comment"',
  '"\\/"', '"\\U0001F600"', '"\\q"', '"unclosed', "'unclosed"];
const FLOW = ['[]', '{}', '[a, b, c]', '[low, medium, high]', '[1, "two", \'three\']', '[a , b ,]', '{a: 1, b: [x, y]}', '{summary: string}', '["\\n\\n", \'END\']',
  '[[1, 2], {k: v}]', '{"q": 1}', '[a: 1]', '{a:1}', '[-1, -x]', '{a: }', '[a, [b]', '[a #c]'];
const KEYS = ['model', 'config', 'temperature', 'name', 'vars', 'assert', 'type', 'value', 'a', 'b', 'my.ext', 'x-y', '"quoted key"', "'sq'", 'a b', 'k', 'é',
  'constructor', 'a#b', 'key ', 'f?(enum, who)', 'x[0]', 'a,b', 'k{1}'];
/** Keys the fast reader leaves to `yaml` (non-string, special or indicator-led). */
const ODD_KEYS = ['1', 'null', 'true', '__proto__', '<<', '-x', '? q', '"a\\q"', '&k a', '!t b'];
const key = fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_KEYS) });
const pairs = <T>(v: fc.Arbitrary<T>): fc.Arbitrary<[string, T][]> => fc.uniqueArray(fc.tuple(key, v), { minLength: 1, maxLength: 5, selector: (p) => p[0] });
const HEADERS = ['|', '|-', '|+', '>', '>-', '>+', '|2', '| # c', '>-  # c', '|x'];
const BLOCK_LINES = ['text', 'more text', '', 'a: b # not a comment', '  indented', '# hash', '- dash', '   ', '{{role "system"}}'];

const value: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...PLAIN).map((text): Value => ({ kind: 'plain', text })),
    fc.constantFrom(...QUOTED).map((text): Value => ({ kind: 'quoted', text })),
    fc.constantFrom(...FLOW).map((text): Value => ({ kind: 'flow', text })),
    fc.record({ header: fc.constantFrom(...HEADERS), lines: fc.array(fc.constantFrom(...BLOCK_LINES), { maxLength: 4 }) }).map((b): Value => ({ kind: 'block', ...b })),
    fc.constant<Value>({ kind: 'plain', text: '' }),
    pairs(tie('value')).map((pairs): Value => ({ kind: 'map', pairs })),
    fc.array(tie('value'), { minLength: 1, maxLength: 4 }).map((items): Value => ({ kind: 'seq', items })),
  ),
})).value;

/** How a document is laid out: indentation step, sequences under keys, comments, blank lines, line breaks. */
export interface Style {
  readonly step: number;
  readonly seqIndent: boolean;
  readonly comments: number;
  readonly blanks: number;
  readonly crlf: boolean;
  readonly seed: number;
}

const style: fc.Arbitrary<Style> = fc.record({
  step: fc.constantFrom(2, 2, 2, 1, 3, 4),
  seqIndent: fc.boolean(),
  comments: fc.constantFrom(0, 0, 0.2, 0.5),
  blanks: fc.constantFrom(0, 0, 0.2),
  crlf: fc.constantFrom(false, false, false, true),
  seed: fc.nat(),
});

/** Writes `pairs` as a block mapping; the pseudo-random choices come from `style.seed`. */
export function writeYaml(pairs: [string, Value][], s: Style): string {
  let seed = s.seed;
  const chance = (p: number): boolean => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 < p;
  };
  const out: string[] = [];
  const comment = (col: number): void => {
    if (chance(s.comments)) out.push(`${' '.repeat(chance(0.7) ? 0 : col)}# note`);
    if (chance(s.blanks)) out.push(chance(0.5) ? '' : ' '.repeat(col));
  };
  const trailing = (): string => (chance(s.comments) ? ' # c' : '');
  /** Writes `v` after `prefix` (a key with its colon, or a dash) on a line at column `col`. */
  const write = (prefix: string, v: Value, col: number, inSeq: boolean): void => {
    const pad = ' '.repeat(col);
    switch (v.kind) {
      case 'plain': case 'quoted': case 'flow':
        out.push(`${pad}${prefix}${v.text ? ` ${v.text}` : ''}${trailing()}`);
        return;
      case 'block':
        out.push(`${pad}${prefix} ${v.header}`);
        for (const l of v.lines) out.push(l ? `${' '.repeat(col + s.step)}${l}` : '');
        return;
      case 'map': {
        const compact = inSeq && chance(0.7);
        v.pairs.forEach(([k, child], i) => {
          if (compact) {
            const c = col + prefix.length + 1;
            if (i === 0) write(`${prefix} ${k}:`, child, col, false);
            else write(`${k}:`, child, c, false);
            comment(c);
            return;
          }
          if (i === 0) out.push(`${pad}${prefix}${trailing()}`);
          write(`${k}:`, child, col + s.step, false);
          comment(col + s.step);
        });
        return;
      }
      case 'seq': {
        const sameCol = !inSeq && !s.seqIndent;
        const c = sameCol ? col : col + s.step;
        out.push(`${pad}${prefix}${trailing()}`);
        for (const item of v.items) {
          write('-', item, c, true);
          comment(c);
        }
        return;
      }
    }
  };
  comment(0);
  for (const [k, v] of pairs) {
    write(`${k}:`, v, 0, false);
    comment(0);
  }
  return out.join(s.crlf ? '\r\n' : '\n');
}

/** Random documents: top-level pairs written in a random style. */
export const yamlDocument: fc.Arbitrary<string> = fc.tuple(pairs(value), style)
  .map(([pairs, s]) => writeYaml(pairs, s));

/** Pieces that push a document out of the subset, or just inside its edges. */
export const PIECES = ['\n', '\r\n', '\r', ' ', '  ', '\t', '- ', ': ', ':', '#', ' # c', '\n# c\n', '&a ', '*a', '"', "'", '|', '>', '[', ']', '{', '}', ',',
  '? ', '!!str ', '!x ', '...', '%YAML 1.2', '---', '\n- a', '\n  - name: n\n', '\nmodel: x\n', '\n__proto__: 1\n', '\nnull: 1\n', '\n1: 2\n',
  'x', 'é', '\uFEFF', '\u0000', '\u0085', '\u2028', '😀', '\uD800', '\\', '@', '`', '%'];
