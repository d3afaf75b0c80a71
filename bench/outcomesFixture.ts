// Run records for the outcome-panel benchmark: one prompt, many tests on two models across several versions, with
// outputs of realistic length. Deterministic, so every run of the benchmark measures the same data.
import type { RunRecord } from '../src/core/store/types';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const words = ['refund', 'policy', 'order', 'within', 'days', 'customer', 'support', 'shipping', 'invoice', 'thanks', 'please', 'account'];

function sentence(seed: number, length: number): string {
  let s = '';
  let x = seed;
  while (s.length < length) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += `${words[x % words.length]} `;
  }
  return s.trim();
}

/** `tests` × `models.length` × `runsPerCase` records of `promptPath`, one version per `runsPerVersion` runs. */
export function benchRecords(promptPath: string, tests: number, runsPerCase: number, runsPerVersion = 4): RunRecord[] {
  const models = ['gpt-4o-mini', 'claude-3-5-haiku'];
  const out: RunRecord[] = [];
  const t0 = Date.UTC(2026, 9, 1);
  for (let run = 0; run < runsPerCase; run++) {
    const version = Math.floor(run / runsPerVersion);
    const hash = `${version.toString(16).padStart(4, '0')}${'ab'.repeat(30)}`;
    for (let t = 0; t < tests; t++) {
      for (const [m, model] of models.entries()) {
        const n = out.length;
        const pass = (t * 7 + run * 3 + m) % 9 !== 0;
        const output = sentence(n, 200 + ((t * 31 + run) % 600));
        out.push({
          id: `rec-${n}`,
          runId: `run-${run}`,
          time: t0 + run * 3_600_000 + t * 10 + m,
          tool: run % 2 === 0 ? 'cli' : 'editor',
          promptPath,
          promptHash: hash,
          snapshot: hash,
          git: { commit: hash.slice(0, 40), dirty: false },
          testName: `case ${t}`,
          caseId: `case ${t} › ${m === 0 ? 'openai' : 'anthropic'}/${model}`,
          vars: { question: sentence(t, 60), customer: `c${t}` },
          provider: m === 0 ? 'openai' : 'anthropic',
          model,
          endpoint: m === 0 ? 'https://api.openai.com/v1' : 'https://api.anthropic.com',
          messages: [
            { role: 'system', content: [{ text: 'You are a support agent. Answer briefly.' }] },
            { role: 'user', content: [{ text: sentence(t, 120) }] },
          ],
          output,
          assertions: [
            { type: 'contains', pass, score: pass ? 1 : 0, reason: pass ? 'output contains "days"' : 'expected "days" in the output', weight: 1, range },
            { type: 'latency', pass: true, score: 1, reason: 'under 3000 ms', weight: 1, range },
          ],
          pass,
          score: pass ? 1 : 0.5,
          latencyMs: 300 + ((t * 13 + run * 29 + m * 7) % 1500),
          usage: { inputTokens: 40 + (t % 50), outputTokens: Math.round(output.length / 4), totalTokens: 40 + (t % 50) + Math.round(output.length / 4) },
          costUsd: 0.00001 * (1 + (t % 5)),
          cached: run % 5 === 4,
          repeatIndex: 0,
        });
      }
    }
  }
  return out;
}
