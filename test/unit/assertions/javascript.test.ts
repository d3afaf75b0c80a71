import * as assert from 'node:assert/strict';
import { UNTRUSTED_REASON } from '../../../src/core/assertions/javascript';
import { evaluateAssertion } from '../../../src/core/assertions/registry';
import { ctx, spec } from './fixtures';

describe('javascript assertions', () => {
  it('an expression over output and context.vars', async () => {
    const r = await evaluateAssertion(spec('javascript', 'output.includes(context.vars.city)'), ctx('I love Paris', { vars: { city: 'Paris' } }));
    assert.equal(r.pass, true);
    assert.equal(r.reason, 'javascript returned true');
    assert.equal((await evaluateAssertion(spec('javascript', 'output.length > 100;'), ctx('short'))).reason, 'javascript returned false');
  });

  it('a function body returning a score, with and without a threshold', async () => {
    const body = 'const words = output.split(" ").length;\nreturn words / 10;';
    const low = await evaluateAssertion(spec('javascript', body, { threshold: 0.5 }), ctx('one two three'));
    assert.equal(low.pass, false);
    assert.equal(low.score, 0.3);
    assert.equal(low.reason, 'javascript returned 0.3 (threshold 0.5)');
    assert.equal((await evaluateAssertion(spec('javascript', body), ctx('one two three'))).pass, true);
  });

  it('a {pass, score, reason} object, also from an async function', async () => {
    const r = await evaluateAssertion(spec('javascript', 'return { pass: false, score: 0.25, reason: "too formal" }'), ctx('x'));
    assert.deepEqual([r.pass, r.score, r.reason], [false, 0.25, 'too formal']);
    const a = await evaluateAssertion(spec('javascript', 'return (async () => ({ pass: true, reason: "ok" }))()'), ctx('x'));
    assert.deepEqual([a.pass, a.score, a.reason], [true, 1, 'ok']);
  });

  it('not-javascript inverts', async () => {
    assert.equal((await evaluateAssertion(spec('not-javascript', 'output === "x"'), ctx('y'))).pass, true);
  });

  it('is not run in an untrusted workspace, and says so instead of passing', async () => {
    for (const type of ['javascript', 'not-javascript']) {
      const r = await evaluateAssertion(spec(type, 'true'), ctx('x', { trustCode: false }));
      assert.equal(r.pass, false);
      assert.equal(r.notRun, true);
      assert.equal(r.reason, UNTRUSTED_REASON);
      assert.equal(r.reason, 'not run: javascript assertions execute code from the workspace, so they run only in a trusted VS Code workspace or with promptops test --allow-javascript');
    }
  });

  it('an endless loop is stopped by the time limit', async () => {
    const r = await evaluateAssertion(spec('javascript', 'while (true) {}'), ctx('x', { timeoutMs: 100 }));
    assert.equal(r.pass, false);
    assert.equal(r.error, 'javascript assertion ran longer than 100 ms and was stopped');
  });

  it('cannot reach the host process, require or Function', async () => {
    // Each attempt returns true only if it reached the host, so a broken sandbox turns into a passing assertion.
    const attempts = [
      'this.constructor.constructor("return process")().pid > 0',
      'globalThis.constructor.constructor("return process")().pid > 0',
      'context.constructor.constructor("return process")().pid > 0',
      'context.vars.constructor.constructor("return process")().pid > 0',
      'output.constructor.constructor("return process")().pid > 0',
      '(() => 0).constructor("return process")().pid > 0',
      '__take.constructor("return process")().pid > 0',
      'typeof process !== "undefined" || typeof require !== "undefined" || typeof module !== "undefined"',
      'eval("typeof process !== \'undefined\'")',
      'import("node:fs").then((fs) => typeof fs.readFileSync === "function")',
      'return this.constructor.constructor("return process")().exit(3)',
    ];
    for (const code of attempts) {
      const r = await evaluateAssertion(spec('javascript', code), ctx('x', { vars: { a: 1 } }));
      assert.equal(r.pass, false, `${code}: ${r.reason}`);
    }
    assert.equal(process.exitCode, undefined);
  });

  it('a getter planted on the global cannot run outside the time limit', async () => {
    const code = 'Object.defineProperty(globalThis, "__settled", { get() { for (;;) {} } }); return true';
    const r = await evaluateAssertion(spec('javascript', code), ctx('x', { timeoutMs: 2000 }));
    assert.equal(r.pass, true);
  });

  it('errors, syntax errors and odd return values are error results with a reason', async () => {
    assert.equal((await evaluateAssertion(spec('javascript', 'throw new TypeError("nope")'), ctx('x'))).error, 'javascript assertion threw TypeError: nope');
    assert.match((await evaluateAssertion(spec('javascript', 'return ((('), ctx('x'))).error ?? '', /^javascript assertion has a syntax error: /);
    assert.equal((await evaluateAssertion(spec('javascript', '"yes"'), ctx('x'))).error, 'javascript assertion must return a boolean, a number or {pass, score, reason}, not string');
  });
});
