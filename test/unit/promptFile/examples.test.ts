import * as assert from 'node:assert/strict';
import { Dotprompt } from 'dotprompt';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../../../src/core/promptFile/dataset';
import { parse } from '../../../src/core/promptFile/parse';
import { checkReferences, partialResolver } from '../../../src/core/promptFile/references';
import { messagesToText, render } from '../../../src/core/promptFile/render';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

function examplePrompts(): { file: string; text: string }[] {
  return readdirSync(EXAMPLES).filter((f) => f.endsWith('.prompt')).sort().map((file) => ({ file, text: readFileSync(join(EXAMPLES, file), 'utf8') }));
}

describe('examples', () => {
  it('has the prompts a team would keep', () => {
    const names = examplePrompts().map((e) => e.file);
    for (const f of ['summarize.prompt', 'classify-ticket.prompt', 'extract-entities.prompt', 'translate.prompt', '_tone.prompt', 'support-reply.prompt', 'greeting.prompt']) {
      assert.ok(names.includes(f), f);
    }
  });

  for (const { file, text } of examplePrompts()) {
    it(`${file} parses with no diagnostics`, () => {
      const doc = parse(text);
      assert.deepEqual(doc.diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}: ${d.message}`), []);
      if (!file.startsWith('_') && file !== 'greeting.prompt') {
        assert.ok(doc.tests.length >= 2, `${file} has tests`);
        assert.match(doc.model?.value ?? '', /^(openai|anthropic|ollama|googleai)\//);
      }
    });
  }
});

describe('examples: references and rendering', () => {
  const diskFs = {
    readFile: (p: string) => Promise.resolve(readFileSync(p, 'utf8')),
    exists: (p: string) => Promise.resolve(existsSync(p)),
  };

  for (const { file, text } of examplePrompts().filter((e) => !e.file.startsWith('_'))) {
    it(`${file}: partials and datasets resolve, and every test renders`, async () => {
      const path = join(EXAMPLES, file);
      const doc = parse(text);
      assert.deepEqual(await checkReferences(doc, path, diskFs), []);
      for (const t of doc.tests) {
        const rows = t.dataset ? await loadDataset(join(EXAMPLES, t.dataset.value), diskFs) : [{}];
        for (const row of rows) {
          const r = await render(doc, { ...t.vars, ...row }, { testName: t.name, resolvePartial: partialResolver(path, diskFs) });
          assert.ok(messagesToText(r.messages).length > 0);
        }
      }
    });
  }

  it('greeting.prompt (Dotprompt documentation, unchanged) renders exactly as Dotprompt renders it', async () => {
    const text = readFileSync(join(EXAMPLES, 'greeting.prompt'), 'utf8');
    const input = { location: 'a cafe', name: 'Ada', style: 'a pirate' };
    const theirs = await new Dotprompt().render(text, { input });
    const ours = await render(parse(text), input);
    assert.deepEqual(JSON.parse(JSON.stringify(ours.messages)), JSON.parse(JSON.stringify(theirs.messages)));
    assert.equal(ours.model, theirs.model);
  });

  it('translate.prompt pulls its tone from _tone.prompt', async () => {
    const path = join(EXAMPLES, 'translate.prompt');
    const r = await render(parse(readFileSync(path, 'utf8')), { text: 'Hi', targetLanguage: 'German' }, { resolvePartial: partialResolver(path, diskFs) });
    assert.match(messagesToText(r.messages), /formal register/);
  });
});
