import * as assert from 'node:assert/strict';
import { join, parse, resolve, sep } from 'node:path';
import { ancestors, isAtOrBelow, isAtOrBelowAny, outermost } from '../../../src/core/ancestors';

describe('ancestors', () => {
  const root = parse(process.cwd()).root;
  const deep = join(root, 'a', 'b', 'c');

  it('walks from the folder itself up to the filesystem root, nearest first', () => {
    assert.deepEqual([...ancestors(deep)], [deep, join(root, 'a', 'b'), join(root, 'a'), root]);
  });

  it('stops after the last folder when the walk reaches it', () => {
    assert.deepEqual([...ancestors(deep, join(root, 'a', 'b'))], [deep, join(root, 'a', 'b')]);
    assert.deepEqual([...ancestors(deep, deep)], [deep]);
  });

  it('goes on to the root when the last folder is not above the start', () => {
    assert.deepEqual([...ancestors(join(root, 'a'), join(root, 'x', 'y'))], [join(root, 'a'), root]);
  });

  it('makes relative paths absolute and ignores trailing separators in the stop folder', () => {
    const here = resolve('.');
    assert.equal([...ancestors('.')][0], here);
    assert.deepEqual([...ancestors(deep, join(root, 'a') + '/')], [deep, join(root, 'a', 'b'), join(root, 'a')]);
  });

  it('yields the root alone for the root', () => {
    assert.deepEqual([...ancestors(root)], [root]);
  });
});

describe('isAtOrBelow', () => {
  const root = parse(process.cwd()).root;

  it('is true for the folder itself and anything below it, false for a sibling that shares the prefix', () => {
    const a = join(root, 'a');
    assert.equal(isAtOrBelow(a, a), true);
    assert.equal(isAtOrBelow(a, join(a, 'b', 'c.yaml')), true);
    assert.equal(isAtOrBelow(a + sep, join(a, 'b')), true);
    assert.equal(isAtOrBelow(a, join(root, 'ab')), false);
    assert.equal(isAtOrBelow(a, root), false);
  });
});

describe('isAtOrBelowAny', () => {
  const root = parse(process.cwd()).root;

  it('is true for one of the folders and anything below one, false for a sibling that shares a prefix', () => {
    const folders = new Set([join(root, 'a'), join(root, 'x', 'y')]);
    assert.equal(isAtOrBelowAny(join(root, 'a'), folders), true);
    assert.equal(isAtOrBelowAny(join(root, 'x', 'y', 'z.prompt'), folders), true);
    assert.equal(isAtOrBelowAny(join(root, 'ab', 'c'), folders), false);
    assert.equal(isAtOrBelowAny(join(root, 'x'), folders), false);
  });
});

describe('outermost', () => {
  const root = parse(process.cwd()).root;
  const at = (...parts: string[]): string => join(root, ...parts);

  it('keeps the paths below none of the others, shortest first, each once', () => {
    assert.deepEqual(
      outermost([at('w', 'pkg', 'deep', 'x.prompt'), at('w', 'other.txt'), at('w', 'pkg'), at('w', 'pkg', 'deep'), at('w', 'pkg')]),
      [at('w', 'pkg'), at('w', 'other.txt')],
    );
  });

  it('does not take a shared prefix for a parent, and keeps the filesystem root above all', () => {
    assert.deepEqual(outermost([at('w', 'ab'), at('w', 'a')]), [at('w', 'a'), at('w', 'ab')]);
    assert.deepEqual(outermost([at('w', 'a', 'b'), root]), [root]);
  });

  it('is linear in the number of paths: 20,000 siblings take well under a second', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => at('w', 'dist', `f${i}.js`));
    const t = Date.now();
    assert.equal(outermost(many).length, 20_000);
    assert.ok(Date.now() - t < 1_000, `${Date.now() - t} ms`);
  });
});
