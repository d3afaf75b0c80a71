// Deterministic inputs for the comparison benchmark: a large prompt and an edited copy, and two sides of outcomes.
import type { OutcomeRecord } from '../src/core/compare/outcomes';

/** A small seeded generator, so every run measures the same inputs. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = ['the', 'customer', 'refund', 'order', 'policy', 'answer', 'briefly', 'in', 'a', 'friendly', 'tone', '{{name}}', 'JSON', 'never', 'always', 'cite', 'sources', 'when', 'unsure', 'say', 'so'];

function sentence(next: () => number, n: number): string {
  return Array.from({ length: n }, () => words[Math.floor(next() * words.length)]).join(' ');
}

/** A prompt of `lines` lines (frontmatter with config and tests, then the body) and a copy with `editRate` of lines edited, inserted or deleted. */
export function promptPair(lines: number, editRate: number, seed = 7): { left: string; right: string } {
  const next = rng(seed);
  const fm = ['---', 'model: openai/gpt-4o-mini', 'config:', '  temperature: 0.2', 'tests:'];
  for (let t = 0; fm.length < Math.min(120, lines / 10); t++) fm.push(`  - name: case ${t}`, `    vars: { name: "user ${t}" }`, '    assert:', `      - { type: contains, value: "${t}" }`);
  fm.push('---');
  const body: string[] = [];
  while (fm.length + body.length < lines) body.push(next() < 0.1 ? '' : sentence(next, 6 + Math.floor(next() * 10)));
  const left = [...fm, ...body];
  const right: string[] = [];
  for (const [i, line] of left.entries()) {
    const r = next();
    if (i < fm.length) {
      // Frontmatter edits keep it valid YAML, as a real edit would: a changed value, a changed temperature.
      if (line.includes('temperature')) right.push('  temperature: 0.7');
      else right.push(r < editRate ? line.replace(/value: "(\d+)"/, 'value: "$1 edited"') : line);
      continue;
    }
    if (r < editRate * 0.6) right.push(line.replace(/\b(\w+)\b/, 'changed'));
    else if (r < editRate * 0.8) right.push(line, sentence(next, 8));
    else if (r < editRate) continue;
    else right.push(line);
  }
  return { left: `${left.join('\n')}\n`, right: `${right.join('\n')}\n` };
}

/** Two sides of `cases` outcomes: about a third of outputs changed, some regressions and fixes, a few missing. */
export function outcomePair(cases: number, seed = 11): { left: OutcomeRecord[]; right: OutcomeRecord[] } {
  const next = rng(seed);
  const left: OutcomeRecord[] = [];
  const right: OutcomeRecord[] = [];
  for (let i = 0; i < cases; i++) {
    const json = i % 3 === 0;
    const out = json
      ? JSON.stringify({ answer: sentence(next, 20), items: Array.from({ length: 8 }, (_, k) => ({ id: k, label: sentence(next, 3) })), confidence: next() })
      : Array.from({ length: 4 }, () => sentence(next, 30)).join('\n');
    const changed = next() < 0.35;
    const outRight = !changed ? out : json ? out.replace(/"label":"[^"]*"/, '"label":"rewritten"') : out.replace(/the/g, 'a');
    const base: OutcomeRecord = {
      testName: `test ${Math.floor(i / 4)}`, caseId: `case-${i}`, provider: 'openai', model: 'gpt-4o-mini', vars: { row: i },
      output: out, pass: next() < 0.8, score: 1, costUsd: 0.0004, cached: false, repeatIndex: 0, time: i, latencyMs: 400 + Math.floor(next() * 600),
      usage: { inputTokens: 300, outputTokens: 120 },
    };
    if (next() > 0.02) left.push(base);
    if (next() > 0.02) right.push({ ...base, output: outRight, pass: next() < 0.1 ? !base.pass : base.pass, latencyMs: 350 + Math.floor(next() * 700), time: i + 10_000 });
  }
  return { left, right };
}
