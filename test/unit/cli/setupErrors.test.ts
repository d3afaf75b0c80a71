import * as assert from 'node:assert/strict';
import { setupErrorSummary } from '../../../src/cli/setupErrors';
import type { CaseError } from '../../../src/core/runner/types';

const openai: CaseError = { kind: 'auth', message: 'no API key for OpenAI: set OPENAI_API_KEY' };
const anthropic: CaseError = { kind: 'auth', message: 'no API key for Anthropic: set ANTHROPIC_API_KEY' };
const model: CaseError = { kind: 'no-model', message: "unknown provider 'nosuch'" };

describe('cli setup error summary', () => {
  it('one cause: a single line naming it', () => {
    assert.equal(setupErrorSummary([openai, openai, openai]), `promptops test: 3 case(s) could not run: auth: ${openai.message}\n`);
  });

  it('several causes: each named once with its count, most frequent first, whatever the order of the cases', () => {
    const expected =
      'promptops test: 6 case(s) could not run, for 3 causes:\n' +
      `  3 × auth: ${openai.message}\n` +
      `  2 × auth: ${anthropic.message}\n` +
      `  1 × no-model: ${model.message}\n`;
    assert.equal(setupErrorSummary([anthropic, openai, model, openai, anthropic, openai]), expected);
    assert.equal(setupErrorSummary([model, anthropic, anthropic, openai, openai, openai]), expected);
  });

  it('many causes: the first five, then how many more', () => {
    const errors = Array.from({ length: 8 }, (_, i): CaseError => ({ kind: 'config', message: `problem ${i}` }));
    const text = setupErrorSummary(errors);
    assert.match(text, /^promptops test: 8 case\(s\) could not run, for 8 causes:\n/);
    assert.equal(text.split('\n').filter((l) => l.startsWith('  1 × config: problem')).length, 5);
    assert.match(text, /\n {2}and 3 more cause\(s\); each case's error is listed above\n$/);
  });
});
