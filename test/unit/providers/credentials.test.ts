// Credential sources and redaction.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FileSystem } from '../../../src/core/io';
import { chainCredentials, dotenvCredentials, envCredentials, parseDotenv, redactSecrets, redactValue } from '../../../src/core/providers/credentials';

function memoryFs(files: Record<string, string>): FileSystem & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readFile: (p) => { reads.push(p); return p in files ? Promise.resolve(files[p]) : Promise.reject(new Error('ENOENT')); },
    exists: (p) => Promise.resolve(p in files),
  };
}

describe('credentials: parseDotenv', () => {
  it('reads plain, quoted, exported and commented entries', () => {
    const env = parseDotenv([
      '# a comment',
      'PLAIN=abc123',
      'export EXPORTED=exp-value',
      'SPACED = spaced value  ',
      'INLINE=value # trailing comment',
      'HASH_IN_VALUE=abc#def',
      "SINGLE='single # not a comment \\n raw'",
      'DOUBLE="line1\\nline2 \\"quoted\\""',
      'MULTI="first',
      'second"',
      'BACKTICK=`tick`',
      'EMPTY=',
      'not a valid line',
      'AFTER=still-read',
    ].join('\r\n'));
    assert.deepEqual(env, {
      PLAIN: 'abc123',
      EXPORTED: 'exp-value',
      SPACED: 'spaced value',
      INLINE: 'value',
      HASH_IN_VALUE: 'abc#def',
      SINGLE: 'single # not a comment \\n raw',
      DOUBLE: 'line1\nline2 "quoted"',
      MULTI: 'first\nsecond',
      BACKTICK: 'tick',
      EMPTY: '',
      AFTER: 'still-read',
    });
  });

  it('handles a BOM and an unterminated quote without throwing', () => {
    assert.deepEqual(parseDotenv('\uFEFFA=1\nB="open'), { A: '1', B: 'open' });
  });
});

describe('credentials: sources', () => {
  it('envCredentials treats empty values as unset', async () => {
    const c = envCredentials({ A: 'x', B: '', C: '  ' });
    assert.equal(await c.get('A'), 'x');
    assert.equal(await c.get('B'), undefined);
    assert.equal(await c.get('C'), undefined);
    assert.equal(await c.get('D'), undefined);
  });

  it('dotenvCredentials finds the nearest .env upward and reads it once', async () => {
    const root = path.resolve('/repo');
    const fs = memoryFs({ [path.join(root, '.env')]: 'OPENAI_API_KEY=sk-root\n', [path.join(root, 'other/.env')]: 'OPENAI_API_KEY=wrong\n' });
    const c = dotenvCredentials(path.join(root, 'prompts/team'), fs);
    assert.equal(await c.get('OPENAI_API_KEY'), 'sk-root');
    assert.equal(await c.get('MISSING'), undefined);
    assert.equal(fs.reads.length, 1);
  });

  it('dotenvCredentials without any .env returns undefined', async () => {
    assert.equal(await dotenvCredentials('/a/b', memoryFs({})).get('X'), undefined);
  });

  it('chainCredentials takes the first source that has the name', async () => {
    const c = chainCredentials(envCredentials({ A: 'secret-store' }), envCredentials({ A: 'env', B: 'env-b' }));
    assert.equal(await c.get('A'), 'secret-store');
    assert.equal(await c.get('B'), 'env-b');
    assert.equal(await c.get('C'), undefined);
  });
});

describe('credentials: redaction', () => {
  it('removes every occurrence of each secret', () => {
    assert.equal(redactSecrets('key=my-own-secret-123 again my-own-secret-123', ['my-own-secret-123']), 'key=[redacted] again [redacted]');
  });

  it('removes key-shaped strings even when the secret was not given', () => {
    const out = redactSecrets('Authorization: Bearer abcdefghijklmnopqrstuvwxyz and sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX and AIzaSyA1234567890abcdefghijklmnopqrstuv and sk-ant-api03-abcdefghijklmnopqrst', []);
    assert.equal(out, 'Authorization: Bearer [redacted] and [redacted] and [redacted] and [redacted]');
  });

  it('ignores undefined and very short secrets (they would redact ordinary words)', () => {
    assert.equal(redactSecrets('a cat sat', [undefined, 'a', 'cat']), 'a cat sat');
  });

  it('redactValue redacts inside nested JSON, including characters JSON escapes', () => {
    const secret = 'se"cret\\value-123';
    assert.deepEqual(redactValue({ a: [`x ${secret} y`], b: { c: secret } }, [secret]), { a: ['x [redacted] y'], b: { c: '[redacted]' } });
  });
});
