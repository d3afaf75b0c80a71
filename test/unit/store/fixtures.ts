// Builders for store tests: temp folders, a recording logger, a settable clock, run records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, Logger } from '../../../src/core/io';
import { openStore, type OutcomeStore } from '../../../src/core/store/store';
import type { RunRecord } from '../../../src/core/store/types';

export interface RecordingLogger extends Logger {
  readonly warnings: string[];
}

/** A logger that keeps warnings for assertions. */
export function recordingLogger(): RecordingLogger {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_700_000_000_000): Clock & { set(t: number): void; advance(ms: number): void } {
  let now = start;
  return { now: () => now, set: (t) => (now = t), advance: (ms) => (now += ms) };
}

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'promptops-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

let seq = 0;

/** A plausible run record; override what the test cares about. */
export function record(over: Partial<RunRecord> = {}): RunRecord {
  seq++;
  return {
    id: `rec-${process.pid}-${seq}`,
    runId: 'run-1',
    time: 1_700_000_000_000 + seq,
    tool: 'cli',
    promptPath: 'prompts/greet.prompt',
    promptHash: 'a'.repeat(64),
    snapshot: 'a'.repeat(64),
    git: { commit: 'abc123', dirty: false },
    testName: 'greets by name',
    caseId: 'greets by name#0@echo/echo-1',
    vars: { name: 'Ada' },
    provider: 'echo',
    model: 'echo-1',
    endpoint: 'http://127.0.0.1:1',
    messages: [{ role: 'user', content: [{ text: 'Say hello to Ada.' }] }],
    output: 'Hello, Ada!',
    assertions: [],
    pass: true,
    score: 1,
    latencyMs: 12,
    usage: { inputTokens: 5, outputTokens: 3 },
    costUsd: null,
    cached: false,
    repeatIndex: 0,
    ...over,
  };
}

/** Opens stores for a test and closes them after it, so no file handle is left for the garbage collector to close. */
export function storeTracker(): { open: typeof openStore; closeAll: () => Promise<void> } {
  const opened: OutcomeStore[] = [];
  return {
    open: async (options) => {
      const store = await openStore(options);
      opened.push(store);
      return store;
    },
    closeAll: async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    },
  };
}
