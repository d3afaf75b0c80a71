import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expandSnippet, newPromptSnippet } from '../../../src/core/languageService/scaffold';
import { ASSERTION_TYPES } from '../../../src/core/promptFile/assertionTypes';
import { parse } from '../../../src/core/promptFile/parse';

describe('languageService/scaffold', () => {
  it('expands placeholders to their defaults, mirrors included', () => {
    assert.equal(expandSnippet('a ${1:x} b ${1:x} ${2:outer ${3:inner}} $0 \\$5'), 'a x b x outer inner  $5');
  });

  it('produces a file with frontmatter, a system and a user section, and one test', () => {
    const text = expandSnippet(newPromptSnippet());
    const lines = text.split('\n');
    assert.equal(lines[0], '---');
    assert.equal(lines.filter((l) => l === '---').length, 2);
    assert.match(text, /^model: openai\/gpt-4o-mini$/m);
    assert.match(text, /^ {4}question: string, what the user asks$/m);
    assert.match(text, /^ {6}question: What is the capital of France\?$/m);
    assert.match(text, /^tests:\n {2}- name: answers the question$/m);
    assert.match(text, /\{\{role "system"\}\}\n.+\n\n\{\{role "user"\}\}\n\{\{question\}\}/);
  });

  it('escapes snippet syntax in the model id it is given', () => {
    assert.match(expandSnippet(newPromptSnippet('custom/$weird}')), /^model: custom\/\$weird\}$/m);
  });

  it('keeps the "Prompt file" snippet identical to the New Prompt File scaffold', () => {
    const file = JSON.parse(readFileSync(resolve(__dirname, '../../../snippets/promptops.json'), 'utf8')) as Record<string, { body: string[] }>;
    assert.deepEqual(file['Prompt file']?.body, newPromptSnippet().split('\n'));
  });

  it('ships snippets whose bodies are valid snippet syntax and whose prefixes are unique', () => {
    const file = JSON.parse(readFileSync(resolve(__dirname, '../../../snippets/promptops.json'), 'utf8')) as Record<
      string,
      { prefix: string | string[]; body: string[]; description: string }
    >;
    const prefixes = Object.values(file).flatMap((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
    assert.equal(new Set(prefixes).size, prefixes.length);
    for (const [name, s] of Object.entries(file)) {
      assert.ok(s.description.length > 0, `${name} has a description`);
      const expanded = expandSnippet(s.body.join('\n').replace(/\$\{(\d+)\|([^,|]*)[^|]*\|\}/g, '${$1:$2}'));
      assert.ok(!/\$\{|\$\d/.test(expanded), `${name} expands completely: ${expanded}`);
      assert.equal((expanded.match(/\{\{/g) ?? []).length, (expanded.match(/\}\}/g) ?? []).length, `${name} balances braces`);
    }
  });

  it('offers only assertion types the engine knows in snippet choices', () => {
    const text = readFileSync(resolve(__dirname, '../../../snippets/promptops.json'), 'utf8');
    const choices = [...text.matchAll(/type: \$\{\d+\|([^|]+)\|\}/g)].flatMap((m) => m[1].split(','));
    assert.ok(choices.length > 5);
    for (const c of choices) assert.ok(ASSERTION_TYPES.includes(c), `${c} is an assertion type`);
  });

  it('scaffolds a file that parses without any problem', () => {
    assert.deepEqual(parse(expandSnippet(newPromptSnippet())).diagnostics, []);
  });
});
