import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, newNonce, webviewShell } from '../../../src/extension/webviewHtml';
import { findTestRange } from '../../../src/extension/outcomes/testLocation';

describe('webview host shell', () => {
  const input = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x/dist/webview/outcomes.js', styleUri: 'https://x/dist/webview/outcomes.css', nonce: 'abc123==', title: 'PromptOps Outcomes', noscript: 'The outcome panel needs scripts enabled.' };

  it('locks the document down with a nonce-only script policy', () => {
    const csp = contentSecurityPolicy(input.cspSource, input.nonce);
    const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d] as const));
    assert.equal(directives.get('default-src'), "default-src 'none'");
    assert.equal(directives.get('script-src'), "script-src 'nonce-abc123=='");
    assert.equal(directives.get('style-src'), `style-src ${input.cspSource}`);
    assert.ok(!csp.includes('unsafe'), 'no unsafe-inline or unsafe-eval');
  });

  it('loads exactly one script, by nonce, and no inline handlers', () => {
    const html = webviewShell(input);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(html.includes(`<script nonce="abc123==" src="${input.scriptUri}">`));
    assert.ok(html.includes(`<link rel="stylesheet" href="${input.styleUri}">`));
    assert.ok(!/\son[a-z]+=/i.test(html), 'no inline event handler attributes');
    assert.ok(html.includes('http-equiv="Content-Security-Policy"'));
  });

  it('escapes attribute values', () => {
    const html = webviewShell({ ...input, scriptUri: 'https://x/a"><script>alert(1)</script>' });
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(html.includes('&quot;&gt;&lt;script&gt;'));
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = newNonce();
    assert.equal(Buffer.from(a, 'base64').length, 16);
    assert.notEqual(a, newNonce());
  });

  it('finds a test by its name, including the names the runner gives unnamed and repeated tests', () => {
    const text = [
      '---',
      'model: openai/gpt-4o-mini',
      'tests:',
      '  - name: refund',
      '    vars: { q: a }',
      '  - name: refund',
      '    vars: { q: b }',
      '  - name: greeting',
      '---',
      'Hello {{q}}',
    ].join('\n');
    assert.equal(findTestRange(text, 'greeting')?.start.line, 7);
    assert.equal(findTestRange(text, 'refund [2]')?.start.line, 5);
    assert.equal(findTestRange(text, 'missing'), undefined);
  });
});
