// Starts the loopback mock LLM server (test/fixtures/mockLlm/, owned by the providers work) for a test run, when it
// exists. Its URL reaches the extension host and the tests as PROMPTOPS_MOCK_LLM_URL.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

export interface MockLlm {
  readonly url: string;
  stop(): Promise<void>;
}

type Started = { url?: string; baseUrl?: string; close?: () => unknown; stop?: () => unknown };
type Starter = (options?: { host?: string; port?: number }) => Promise<Started>;

const candidates = ['test/fixtures/mockLlm/server.ts', 'test/fixtures/mockLlm/index.ts', 'test/fixtures/mockLlm/mockLlmServer.ts'];
const starterNames = ['startMockLlmServer', 'startMockLlm', 'startMockServer', 'startServer'];

/** Starts the mock LLM server on 127.0.0.1 if its module exists; undefined when it does not (yet). */
export async function startMockLlmIfPresent(): Promise<MockLlm | undefined> {
  const file = candidates.map((c) => join(repoRoot, c)).find((p) => existsSync(p));
  if (!file) return undefined;
  const mod = (await import(file)) as Record<string, unknown>;
  const name = starterNames.find((n) => typeof mod[n] === 'function');
  if (!name) {
    throw new Error(`${file} exports none of ${starterNames.join(', ')}: the harness cannot start the mock LLM server`);
  }
  const started = await (mod[name] as Starter)({ host: '127.0.0.1', port: 0 });
  const url = started.url ?? started.baseUrl;
  if (!url || !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) {
    throw new Error(`the mock LLM server from ${file} did not report a loopback url (got ${String(url)})`);
  }
  return {
    url,
    stop: async () => {
      await (started.close ?? started.stop)?.call(started);
    },
  };
}
