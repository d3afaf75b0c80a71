import * as assert from 'node:assert/strict';
import { intOption, parseArgs, UsageError, varsOption, type OptionSpec } from '../../../src/cli/args';

const specs: OptionSpec[] = [
  { name: 'grep', short: 'g', kind: 'string' },
  { name: 'model', short: 'm', kind: 'list' },
  { name: 'concurrency', short: 'j', kind: 'string' },
  { name: 'cache', kind: 'flag', negatable: true },
  { name: 'bail', kind: 'flag' },
  { name: 'var', kind: 'list' },
];

describe('cli args', () => {
  it('parses long, short, inline, attached and repeated options and positionals', () => {
    const a = parseArgs(['a.prompt', '--grep=foo', '-m', 'x/1', '--model', 'y/2', '-j8', '--no-cache', '--bail', '--', '--literal'], specs);
    assert.deepEqual(a.positionals, ['a.prompt', '--literal']);
    assert.equal(a.strings.get('grep'), 'foo');
    assert.deepEqual(a.lists.get('model'), ['x/1', 'y/2']);
    assert.equal(intOption(a, 'concurrency'), 8);
    assert.equal(a.flags.get('cache'), false);
    assert.equal(a.flags.get('bail'), true);
  });

  it('rejects unknown options, missing values, values on flags and repeated single options', () => {
    assert.throws(() => parseArgs(['--grpe', 'x'], specs), (e: unknown) => e instanceof UsageError && /unknown option --grpe \(did you mean --grep\?\)/.test(e.message));
    assert.throws(() => parseArgs(['--grep'], specs), /--grep needs a value/);
    assert.throws(() => parseArgs(['--grep', '--bail'], specs), /--grep needs a value/);
    assert.throws(() => parseArgs(['--bail=yes'], specs), /--bail takes no value/);
    assert.throws(() => parseArgs(['-x'], specs), /unknown option -x/);
    assert.throws(() => parseArgs(['-g', 'a', '-g', 'b'], specs), /given twice/);
    assert.throws(() => parseArgs(['--no-bail'], specs), /unknown option --no-bail/);
  });

  it('validates integers', () => {
    assert.throws(() => intOption(parseArgs(['-j', '0'], specs), 'concurrency'), /whole number from 1/);
    assert.throws(() => intOption(parseArgs(['-j', 'many'], specs), 'concurrency'), /got "many"/);
    assert.equal(intOption(parseArgs([], specs), 'concurrency'), undefined);
  });

  it('decodes --var values, keeping plain text as text', () => {
    const v = varsOption(parseArgs(['--var', 'n=3', '--var', 'ok=true', '--var', 'tags=["a"]', '--var', 'name=Ada = Lovelace', '--var', 'empty=', '--var', 'bad={oops'], specs));
    assert.deepEqual(v, { n: 3, ok: true, tags: ['a'], name: 'Ada = Lovelace', empty: '', bad: '{oops' });
    assert.throws(() => varsOption(parseArgs(['--var', 'novalue'], specs)), /name=value/);
  });
});
