import * as assert from 'node:assert/strict';
import { setupErrorsByTest, setupErrorSummary } from '../../../src/cli/setupErrors';
import { SETUP_ERROR_KINDS } from '../../../src/cli/commands/test';
import type { CaseError, CaseResult, GroupResult, RunSummary } from '../../../src/core/runner/types';

const openai: CaseError = { kind: 'auth', message: 'no API key for OpenAI: set OPENAI_API_KEY' };
const anthropic: CaseError = { kind: 'auth', message: 'no API key for Anthropic: set ANTHROPIC_API_KEY' };
const model: CaseError = { kind: 'no-model', message: "unknown provider 'nosuch'" };

describe('cli setup error summary', () => {
  it('one cause: a single line naming it', () => {
    assert.equal(setupErrorSummary([openai, openai, openai]), `promptops test: 3 test(s) could not run: auth: ${openai.message}\n`);
  });

  it('several causes: each named once with its count, most frequent first, whatever the order of the cases', () => {
    const expected =
      'promptops test: 6 test(s) could not run, for 3 causes:\n' +
      `  3 × auth: ${openai.message}\n` +
      `  2 × auth: ${anthropic.message}\n` +
      `  1 × no-model: ${model.message}\n`;
    assert.equal(setupErrorSummary([anthropic, openai, model, openai, anthropic, openai]), expected);
    assert.equal(setupErrorSummary([model, anthropic, anthropic, openai, openai, openai]), expected);
  });

  it('a provider\'s words are printed with their escape sequences inert', () => {
    const hostile: CaseError = { kind: 'auth', message: 'HTTP 401: \u001b[2Jbad key\u001b]8;;http://evil.invalid\u0007' };
    assert.equal(setupErrorSummary([hostile]), 'promptops test: 1 test(s) could not run: auth: HTTP 401: \\x1b[2Jbad key\\x1b]8;;http://evil.invalid\\x07\n');
  });

  it('many causes: the first five, then how many more', () => {
    const errors = Array.from({ length: 8 }, (_, i): CaseError => ({ kind: 'config', message: `problem ${i}` }));
    const text = setupErrorSummary(errors);
    assert.match(text, /^promptops test: 8 test\(s\) could not run, for 8 causes:\n/);
    assert.equal(text.split('\n').filter((l) => l.startsWith('  1 × config: problem')).length, 5);
    assert.match(text, /\n {2}and 3 more cause\(s\); each test's error is listed above\n$/);
  });

  it('counts tests, not repetitions: a test repeated three times is one test, as in the run\'s summary line', () => {
    const result = (index: number, error?: CaseError): CaseResult => ({ caseId: `c${index}`, index, status: error ? 'error' : 'passed', assertions: [], score: error ? 0 : 1, pass: !error, cached: false, ...(error ? { error } : {}) });
    const group = (id: string, caseIndexes: number[]): GroupResult => ({ groupId: id, filePath: '/w/a.prompt', testName: id, model: 'openai/gpt-4o-mini', passes: 0, total: caseIndexes.length, threshold: 1, pass: false, errors: caseIndexes.length, cancelled: 0, caseIndexes });
    const network: CaseError = { kind: 'network', message: 'could not connect to http://127.0.0.1:11434' };
    const summary: RunSummary = {
      // `repeated` ran three times without a key; `other` once; `ollama` met a network error, not a setup error.
      results: [result(0, openai), result(1, openai), result(2, openai), result(3, anthropic), result(4, network), result(5)],
      groups: [group('repeated', [0, 1, 2]), group('other', [3]), group('ollama', [4]), group('fine', [5])],
      passed: 1, failed: 0, errors: 3, cancelled: 0, cached: 0, durationMs: 1, costUsd: undefined,
    };
    const errors = setupErrorsByTest(summary, SETUP_ERROR_KINDS);
    assert.deepEqual(errors, [openai, anthropic]);
    assert.equal(setupErrorSummary(errors), `promptops test: 2 test(s) could not run, for 2 causes:\n  1 × auth: ${anthropic.message}\n  1 × auth: ${openai.message}\n`);
  });
});
