import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { inertControls } from '../../../src/core/terminalText';

describe('core/inertControls (model output printed to a terminal)', () => {
  it('shows escape sequences as text, drops carriage returns, keeps line feeds, tabs and printable text', () => {
    assert.equal(inertControls('a\u001b[2Jb\u001b]8;;http://x\u0007c\r\nd\te\u009bf'), 'a\\x1b[2Jb\\x1b]8;;http://x\\x07c\nd\te\\x9bf');
    assert.equal(inertControls('héllo ✓ 日本'), 'héllo ✓ 日本');
  });

  it('leaves no control character but line feeds and tabs, for any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      // eslint-disable-next-line no-control-regex -- control characters are what it checks for
      assert.doesNotMatch(inertControls(s), /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }), { numRuns: 2000 });
  });
});
