// Writes every error, log line and raw metadata a provider run produces to files, then greps them for the keys.
// The mock echoes the key back in error bodies (as real APIs do with partial keys), so redaction has work to do.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockLlm, type MockLlm } from '../../fixtures/mockLlm/server';
import { allSecrets, faultCases, keys, makeClient, providerCases, request, run, runFaultCase } from './harness';

describe('secrets never leak into errors, logs or raw metadata', function () {
  this.timeout(30_000);
  let mock: MockLlm;
  let dir: string;
  before(async () => {
    mock = await startMockLlm();
    dir = mkdtempSync(join(tmpdir(), 'promptops-leak-'));
  });
  after(async () => {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('across every provider, success and fault', async () => {
    let written = 0;
    const write = (name: string, value: unknown): void => {
      writeFileSync(join(dir, `${written++}-${name}.txt`), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
    };
    for (const c of providerCases) {
      const key = c.id === 'openai' ? keys.OPENAI_API_KEY : c.id === 'azure' ? keys.AZURE_OPENAI_API_KEY : c.id === 'anthropic' ? keys.ANTHROPIC_API_KEY : c.id === 'gemini' ? keys.GEMINI_API_KEY : c.id === 'local' ? keys.LOCAL_API_KEY : undefined;
      // Local Ollama is sent no key, so there is none to echo.
      const echoing = key === undefined ? [] : [
        { name: 'key echoed in 401', fault: { kind: 'status', status: 401, message: `Incorrect API key provided: ${key}` } },
        { name: 'key echoed in 400', fault: { kind: 'status', status: 400, message: `bad header Bearer ${key}` } },
        { name: 'key echoed in 429', fault: { kind: 'rate-limit', retryAfter: 1 } },
      ] as const;
      for (const e of echoing) {
        mock.reset();
        mock.script({ fault: e.fault }, { fault: e.fault }, { fault: e.fault }, { fault: e.fault });
        const h = makeClient(mock, c);
        const outcome = await run(h.client, request());
        assert.ok(!outcome.ok);
        write(`${c.id}-${e.name}-error`, { message: outcome.error.message, json: outcome.error.toJSON(), stack: outcome.error.stack, detail: outcome.error.detail });
        write(`${c.id}-${e.name}-logs`, h.logs.join('\n'));
      }
      // Hanging responses have no body to leak; the contract tests cover them.
      for (const f of faultCases.filter((x) => x.faults[0]?.kind !== 'hang')) {
        const { outcome, harness } = await runFaultCase(mock, c, f);
        write(`${c.id}-${f.name}-${outcome.ok ? 'response' : 'error'}`, outcome.ok ? outcome.response : { message: outcome.error.message, json: outcome.error.toJSON(), stack: outcome.error.stack });
        write(`${c.id}-${f.name}-logs`, harness.logs.join('\n'));
      }
    }
    // The echoed body really did contain the key: the detail kept the rest of it.
    const sample = readFileSync(join(dir, readdirSync(dir).find((n) => n.includes('openai-key echoed in 401-error'))!), 'utf8');
    assert.match(sample, /Incorrect API key provided: \[redacted\]/);
    let files = 0;
    for (const name of readdirSync(dir)) {
      const text = readFileSync(join(dir, name), 'utf8');
      files++;
      for (const s of allSecrets) assert.ok(!text.includes(s), `${name} contains a key`);
      for (const s of allSecrets) assert.ok(!text.includes(s.slice(4, 24)), `${name} contains part of a key`);
    }
    assert.ok(files > 90, `only ${files} files written`);
  });
});
