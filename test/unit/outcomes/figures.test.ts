import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { cachedMark, figureColumns, figureGap, figuresLead, figuresTail, figuresWidth, fitField, modelParts, versionField, versionParts } from '../../../webview-ui/outcomes/figures';

const texts = { score: '0.50', latency: '1.24 s', tokens: '120 → 45', when: 'just now', cost: '$0.00042', cached: false };

describe('outcome row figures', () => {
  it('pads a field on the side away from its alignment', () => {
    assert.equal(fitField('1.00', 5, 'end'), ' 1.00');
    assert.equal(fitField('just now', 10, 'start'), 'just now  ');
    assert.equal(fitField('', 3, 'end'), '   ');
  });

  it('cuts a field that is too long with an ellipsis, by characters rather than UTF-16 units', () => {
    assert.equal(fitField('59 min 59 s', 10, 'end'), '59 min 59…');
    assert.equal(fitField('a😀b😀c', 4, 'start'), 'a😀b…');
    assert.equal(fitField('line\nbreak', 10, 'start'), 'line break');
  });

  it('gives every field its width, so the fields line up under the header in a monospaced font', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30, unit: 'grapheme' }), fc.string({ maxLength: 30 }), fc.boolean(), (a, b, cached) => {
      const t = { score: a, latency: b, tokens: a, when: b, cost: a, cached };
      const lead = [...figuresLead(t)];
      // The gap after the model, then score, latency, tokens and when, each with the gap after it.
      const head = figureGap + figureColumns.slice(1, 5).reduce((n, c) => n + c.width + figureGap, 0);
      assert.equal(lead.length, head);
      const tail = [...figuresTail(t)];
      // Blanks where the cached mark goes when the run was not cached: every row's run is as wide.
      assert.equal(tail.length + (cached ? cachedMark.length : 0), figureGap + figureColumns[figureColumns.length - 1].width + cachedMark.length);
      assert.equal([...versionField(b)].length, figureColumns.find((c) => c.id === 'version')?.width);
      const model = modelParts(a);
      assert.equal([...model.text].length + model.pad.length, figureColumns[0].width);
    }), { numRuns: 300 });
  });

  it('lays the run out as model, score, latency, tokens, when, version, cost with the cached mark last', () => {
    const model = modelParts('openai/gpt-4o-mini');
    const run = model.text + model.pad + figuresLead(texts) + versionField('1a2b3c4*') + figuresTail({ ...texts, cached: true }) + cachedMark;
    assert.equal(run, 'openai/gpt-4o-mini     0.50      1.24 s      120 → 45  just now    1a2b3c4*        $0.00042 ⟲');
    assert.equal([...run].length, figuresWidth, 'the whole run is as wide as the header says');
    const uncached = model.text + model.pad + figuresLead(texts) + versionField('1a2b3c4*') + figuresTail(texts);
    assert.equal(uncached, 'openai/gpt-4o-mini     0.50      1.24 s      120 → 45  just now    1a2b3c4*        $0.00042  ');
    assert.equal([...uncached].length, figuresWidth, 'a run not served from the cache is as wide');
    assert.deepEqual(figureColumns.map((c) => c.sort), ['model', 'score', 'latency', 'tokens', 'time', 'version', 'cost']);
  });

  it("cuts a long model name to its field, the name alone apart from the padding (the tooltip shows it whole)", () => {
    assert.deepEqual(modelParts('gpt-4o'), { text: 'gpt-4o', pad: ' '.repeat(14) });
    assert.deepEqual(modelParts('anthropic/claude-3-5-sonnet-latest'), { text: 'anthropic/claude-3-…', pad: '' });
  });

  it("shortens a snapshot's version label to fit its field", () => {
    assert.equal(versionField('snapshot 1a2b3c4'), 'snap 1a2b3c4');
    assert.equal(versionField('9f8e7d6'), '9f8e7d6     ');
    assert.deepEqual(versionParts('9f8e7d6*'), { text: '9f8e7d6*', pad: '    ' });
    assert.deepEqual(versionParts('snapshot 0123456789abcdef'), { text: 'snap 012345…', pad: '' });
  });
});
