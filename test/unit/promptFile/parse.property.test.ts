import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PromptDocument, Range } from '../../../src/core/promptFile/model';
import { parse } from '../../../src/core/promptFile/parse';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
/**
 * The example with only its first test: mutations find the same structures in one test as in three, and a smaller
 * file parses faster, so more mutations fit in the same time.
 */
function firstTestOnly(text: string): string {
  const lines = text.split('\n');
  const items = lines.map((l, i) => (/^ {2}- /.test(l) && lines.slice(0, i).some((x) => x === 'tests:') ? i : -1)).filter((i) => i >= 0);
  if (items.length < 2) return text;
  let end = items[1];
  while (end < lines.length && !/^\S/.test(lines[end])) end++;
  return [...lines.slice(0, items[1]), ...lines.slice(end)].join('\n');
}

const SEEDS = readdirSync(EXAMPLES).filter((f) => f.endsWith('.prompt')).map((f) => firstTestOnly(readFileSync(join(EXAMPLES, f), 'utf8')));

/** Every range the document exposes, with where it came from. */
function allRanges(doc: PromptDocument): [string, Range][] {
  const out: [string, Range][] = [['bodyRange', doc.bodyRange]];
  if (doc.frontmatterRange) out.push(['frontmatterRange', doc.frontmatterRange]);
  if (doc.model) out.push(['model', doc.model.range], ...(doc.model.keyRange ? [['model.key', doc.model.keyRange] as [string, Range]] : []));
  for (const d of doc.diagnostics) out.push([`diagnostic ${d.code}`, d.range]);
  for (const n of doc.templateNodes) out.push([`node ${n.name}`, n.range], [`node name ${n.name}`, n.nameRange]);
  for (const s of doc.sections) out.push([`section ${s.role}`, s.range], ...(s.markerRange ? [[`marker ${s.role}`, s.markerRange] as [string, Range]] : []));
  for (const p of doc.partials) out.push([`partial ${p.value}`, p.range]);
  for (const k of doc.keys) out.push([`key ${k.path}`, k.keyRange], ...(k.valueRange ? [[`value ${k.path}`, k.valueRange] as [string, Range]] : []));
  for (const i of doc.inputs) out.push([`input ${i.name}`, i.range]);
  for (const t of doc.tests) {
    out.push([`test ${t.name}`, t.range], [`test name ${t.name}`, t.nameRange], ...Object.keys(t.vars).flatMap((k) => {
      const r = t.varRange(k);
      return r ? [[`var ${k}`, r] as [string, Range]] : [];
    }));
    if (t.dataset) out.push(['dataset', t.dataset.range]);
    for (const a of t.assert) out.push([`assert ${a.type}`, a.range], [`assert type ${a.type}`, a.typeRange]);
  }
  return out;
}

function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

/** Parses and checks the invariants: no exception, every range inside the text and ordered. */
function check(text: string): void {
  const doc = parse(text);
  const lengths = lineLengths(text);
  const inside = (p: { line: number; character: number }): boolean =>
    Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lengths.length && p.character >= 0 && p.character <= lengths[p.line];
  for (const [what, r] of allRanges(doc)) {
    if (!inside(r.start) || !inside(r.end)) assert.fail(`${what} ${JSON.stringify(r)} lies outside the text ${JSON.stringify(text.slice(0, 200))}`);
    if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) assert.fail(`${what} ${JSON.stringify(r)} ends before it starts`);
  }
  assert.equal(doc.text, text);
  assert.equal(doc.body, text.slice(doc.bodyOffset));
  for (const d of doc.diagnostics) assert.ok(d.message.length > 0 && /^PO\d{4}$/.test(d.code));
}

const PIECES = ['---', '\n', '\r\n', '\r', '\t', ' ', '  ', '\uFEFF', ':', '- ', 'model: ', 'openai/gpt-4o', 'tests:', '  - name: x', '    vars:', '      a: 1',
  '    assert:', '      - type: contains', '        value: y', 'input:', '  schema:', '    a: string', '    b?(enum): [x, y]', '{{', '}}', '{{#each items}}', '{{/each}}',
  '{{#if a}}', '{{else}}', '{{/if}}', '{{this}}', '{{@index}}', '{{> part}}', '{{role "system"}}', '{{!-- c --}}', '{{a.b}}', '"', "'", '&x', '*x', '[', ']', '{', '}',
  '\u0000', '\uD800', '😀', 'é', '|', '>', '#', '%', '@', '!!binary', '...', '\\{{x}}'];

type Mutation = { kind: 'insert' | 'delete' | 'dup' | 'dupLine' | 'deleteLine' | 'crlf' | 'bom' | 'tabs'; at: number; text: string; len: number };

function mutate(seed: string, mutations: Mutation[]): string {
  let s = seed;
  for (const m of mutations) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1);
    switch (m.kind) {
      case 'insert': s = s.slice(0, at) + m.text + s.slice(at); break;
      case 'delete': s = s.slice(0, at) + s.slice(at + m.len); break;
      case 'dup': s = s.slice(0, at + m.len) + s.slice(at, at + m.len) + s.slice(at + m.len); break;
      case 'dupLine':
      case 'deleteLine': {
        const lines = s.split('\n');
        const i = m.at % lines.length;
        if (m.kind === 'dupLine') lines.splice(i, 0, lines[i]);
        else lines.splice(i, 1);
        s = lines.join('\n');
        break;
      }
      case 'crlf': s = s.replace(/\n/g, '\r\n'); break;
      case 'bom': s = `\uFEFF${s}`; break;
      case 'tabs': s = s.replace(/^( {2})+/gm, (sp) => '\t'.repeat(sp.length / 2)); break;
    }
  }
  return s;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('insert', 'insert', 'delete', 'delete', 'dup', 'dupLine', 'deleteLine', 'crlf', 'bom', 'tabs'),
  at: fc.nat(),
  text: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })),
  len: fc.integer({ min: 1, max: 40 }),
});

describe('parse: property-based', function () {
  // CPU work is ~10 s; on a machine shared by many jobs the wall time can be several times that.
  this.timeout(600_000);

  it('never throws and keeps every range inside the text, over 5,000 generated inputs', () => {
    const generated = fc.oneof(
      fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((a) => a.join('')),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((a) => `---\n${a.join('')}\n---\n${a.reverse().join('')}`),
    );
    fc.assert(fc.property(generated, check), { numRuns: 5000 });
  });

  it('never throws and keeps every range inside the text, over 5,000 mutated examples', () => {
    fc.assert(fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 6 }), (seed, ms) => check(mutate(seed, ms))), { numRuns: 5000 });
  });

  it('survives the hostile inputs named in the issue', () => {
    const bomb = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]', '---', 'x'].join('\n');
    const hostile = [
      '', '---', '---\n', '---\n---', '---\n---\n', '\uFEFF---\r\nmodel: a/b\r\n---\r\n{{x}}', '---\nmodel: [unclosed\n', bomb,
      `---\n${'['.repeat(5000)}\n---\n`, `${'{{#if a}}'.repeat(3000)}`, `---\nk: v\n---\n${'{{x}}\n'.repeat(20000)}`,
      'x'.repeat(5 * 1024 * 1024), Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''),
      '---\n\tmodel: x\n---\n\t{{\tx\t}}', '---\n- a\n- b\n---\nbody', '---\n42\n---\n', '---\nmodel: a\n---',
      // A circular input schema (a YAML alias inside its own anchor).
      '---\ninput:\n  schema: &a\n    type: object\n    properties:\n      x: *a\n---\n{{x}}\n',
    ];
    for (const text of hostile) check(text);
    const d = parse(bomb).diagnostics.find((x) => x.code === 'PO1005');
    assert.ok(d, 'alias bomb reported');
  });
});
