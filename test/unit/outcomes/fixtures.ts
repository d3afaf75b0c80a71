// Builders for outcome-panel unit tests: run records as the store writes them and summaries as the list gets them.
import type { RunRecord } from '../../../src/core/store/types';
import type { OutcomeSummary } from '../../../src/protocol/outcomes';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

export function makeRecord(over: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'r1',
    runId: 'run1',
    time: Date.UTC(2026, 10, 27, 4, 0, 0),
    tool: 'cli',
    promptPath: 'prompts/support.prompt',
    promptHash: 'a'.repeat(64),
    snapshot: 'a'.repeat(64),
    testName: 'refund',
    caseId: 'refund/openai/gpt-4o-mini',
    vars: { question: 'Can I get a refund?' },
    provider: 'openai',
    model: 'gpt-4o-mini',
    endpoint: 'https://api.openai.com/v1',
    messages: [{ role: 'user', content: [{ text: 'Can I get a refund?' }] }],
    output: 'Yes, within 30 days.',
    assertions: [{ type: 'contains', pass: true, score: 1, reason: 'output contains "30 days"', weight: 1, range }],
    pass: true,
    score: 1,
    latencyMs: 420,
    usage: { inputTokens: 12, outputTokens: 6, totalTokens: 18 },
    costUsd: 0.00002,
    cached: false,
    repeatIndex: 0,
    ...over,
  };
}

export function makeSummary(over: Partial<OutcomeSummary> = {}): OutcomeSummary {
  return {
    id: 'o1',
    promptPath: '/ws/prompts/support.prompt',
    promptLabel: 'prompts/support.prompt',
    testName: 'refund',
    caseKey: 'refund',
    status: 'passed',
    score: 1,
    model: 'openai/gpt-4o-mini',
    latencyMs: 400,
    inputTokens: 10,
    outputTokens: 5,
    costUsd: 0.0001,
    cached: false,
    time: 1_000,
    versionId: 'v1',
    versionLabel: 'abc1234',
    outputPreview: 'Yes, within 30 days.',
    outputHash: 'h1',
    origin: 'cli',
    ...over,
  };
}

/** `runs` outcomes of `tests` tests across versions, deterministic, for window and grouping tests. */
export function manySummaries(tests: number, runsPerTest: number): OutcomeSummary[] {
  const out: OutcomeSummary[] = [];
  for (let r = 0; r < runsPerTest; r++) {
    for (let t = 0; t < tests; t++) {
      const n = r * tests + t;
      out.push(makeSummary({
        id: `o${n}`,
        testName: `test ${t}`,
        caseKey: `test ${t}`,
        status: (t + r) % 5 === 0 ? 'failed' : 'passed',
        time: 1_000 + n,
        latencyMs: 100 + ((t * 37 + r * 11) % 400),
        versionId: `v${Math.floor(r / 3)}`,
        versionLabel: `ver${Math.floor(r / 3)}`,
        outputHash: `h${(t + r) % 5 === 0 ? 'x' : 'y'}`,
      }));
    }
  }
  return out;
}
