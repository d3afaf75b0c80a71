// Shared by the runner and CLI benchmarks: the mock LLM as a separate process, and a workspace with one prompt
// whose test has an N-row dataset (N cases).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const root = resolve(__dirname, '..');

export interface MockProcess {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `test/fixtures/mockLlm/cli.ts` in its own process, so its work does not share the measured event loop. */
export async function startMockProcess(latencyMs: number): Promise<MockProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/fixtures/mockLlm/cli.ts'), '--port', '0', '--latency', String(latencyMs)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolveLine, reject) => {
    lines.once('line', resolveLine);
    child.once('exit', (code) => reject(new Error(`mock exited with ${code}`)));
  });
  lines.close();
  const info = JSON.parse(first) as { urls: Record<string, string> };
  return {
    url: info.urls['openai-compatible'],
    child,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** A workspace with `prompts/bench.prompt` (one test, `cases` dataset rows) and a config pointing at the mock. */
export function makeWorkspace(mockUrl: string, cases: number): { dir: string; prompt: string } {
  const dir = mkdtempSync(join(tmpdir(), 'po-bench-'));
  mkdirSync(join(dir, 'prompts'));
  writeFileSync(
    join(dir, 'promptops.config.yaml'),
    `providers:\n  mock:\n    type: openai-compatible\n    baseUrl: ${mockUrl}\n    apiKeyEnv: MOCK_KEY\n    maxRetries: 0\n    concurrency: 256\n`,
  );
  const rows = Array.from({ length: cases }, (_, i) => JSON.stringify({ ticket: `ticket ${i}: my order #${1000 + i} arrived late` })).join('\n');
  writeFileSync(join(dir, 'prompts', 'rows.jsonl'), `${rows}\n`);
  const prompt = join(dir, 'prompts', 'bench.prompt');
  writeFileSync(
    prompt,
    `---
model: mock/bench-model
config:
  temperature: 0
tests:
  - name: classifies
    file: rows.jsonl
    assert:
      - type: contains
        value: ticket
      - type: not-contains
        value: "ERROR"
---
{{role "system"}}
You classify support tickets as billing, shipping or other.
{{role "user"}}
{{ticket}}
`,
  );
  return { dir, prompt };
}

/** Prints one figure beside its limit and the ratio. */
export function report(name: string, value: number, unit: string, limit: number, kind: 'limit' | 'goal'): void {
  const ratio = value / limit;
  const fmt = (n: number): string => (unit === 'MB' ? n.toFixed(1) : unit === 's' ? n.toFixed(3) : n.toFixed(0));
  console.log(`${name.padEnd(44)} ${fmt(value).padStart(9)} ${unit.padEnd(3)} ${kind} ${fmt(limit)} ${unit}  ratio ${ratio.toFixed(3)}`);
}
