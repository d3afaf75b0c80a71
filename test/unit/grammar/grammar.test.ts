// Pins the scope of every construct of the `.prompt` grammar; themes colour by these scopes.
import * as assert from 'node:assert/strict';
import { scopesOf, tokenize, type Token } from './tokenize';

function has(scopes: readonly string[], ...expected: string[]): void {
  for (const e of expected) assert.ok(scopes.includes(e), `expected ${e} in [${scopes.join(', ')}]`);
}

function lacks(scopes: readonly string[], ...unexpected: string[]): void {
  for (const u of unexpected) assert.ok(!scopes.some((s) => s.startsWith(u)), `did not expect ${u} in [${scopes.join(', ')}]`);
}

describe('grammar: frontmatter', () => {
  const text = ['---', 'model: openai/gpt-4o-mini', '# a YAML comment', 'input:', '  schema:', '    name: string', '---', 'Hello {{name}}'].join('\n');
  let tokens: Token[];
  before(async () => {
    tokens = await tokenize(text);
  });

  it('marks the fences', () => {
    has(scopesOf(tokens, '---', 0), 'meta.frontmatter.promptops', 'punctuation.definition.frontmatter.begin.promptops');
    has(scopesOf(tokens, '---', 6), 'meta.frontmatter.promptops', 'punctuation.definition.frontmatter.end.promptops');
  });

  it('hands the inside to the YAML grammar as an embedded block', () => {
    has(scopesOf(tokens, 'model', 1), 'meta.embedded.block.frontmatter.promptops', 'source.yaml', 'entity.name.tag.yaml');
    has(scopesOf(tokens, '# a YAML comment', 2), 'source.yaml', 'comment.line.number-sign.yaml');
    has(scopesOf(tokens, 'name', 5), 'source.yaml', 'entity.name.tag.yaml');
  });

  it('leaves Handlebars inside the frontmatter alone and ends the embedding at the closing fence', () => {
    lacks(scopesOf(tokens, 'Hello ', 7), 'meta.frontmatter', 'source.yaml');
    has(scopesOf(tokens, 'name', 7), 'variable.other.readwrite.promptops');
  });

  it('accepts a byte-order mark before the opening fence', async () => {
    const t = await tokenize('\uFEFF---\nmodel: x\n---\nHi');
    has(scopesOf(t, 'model', 1), 'source.yaml', 'entity.name.tag.yaml');
  });

  it('only treats `---` on the first line as frontmatter', async () => {
    const t = await tokenize('Intro\n---\nmodel: x\n---');
    lacks(scopesOf(t, '---', 1), 'meta.frontmatter');
    lacks(scopesOf(t, 'model: x', 2), 'source.yaml');
  });
});

describe('grammar: plain text', () => {
  it('leaves prose unscoped', async () => {
    const t = await tokenize('You are a helpful assistant. Answer in {{language}}.');
    assert.deepEqual(scopesOf(t, 'You are a helpful assistant. Answer in '), ['source.promptops']);
    assert.deepEqual(scopesOf(t, '.'), ['source.promptops']);
  });

  it('does not take single braces or JSON for an expression', async () => {
    const t = await tokenize('Reply as {"answer": 1}');
    assert.deepEqual(scopesOf(t, 'Reply as {"answer": 1}'), ['source.promptops']);
  });

  it('marks `\\{{` as an escape', async () => {
    const t = await tokenize('Literal \\{{braces}}');
    has(scopesOf(t, '\\{{'), 'constant.character.escape.promptops');
  });
});

describe('grammar: expressions', () => {
  it('scopes a variable path and its braces', async () => {
    const t = await tokenize('Hi {{ user.name }}!');
    has(scopesOf(t, '{{'), 'meta.expression.promptops', 'punctuation.definition.tag.begin.promptops');
    has(scopesOf(t, 'user.name'), 'meta.expression.promptops', 'variable.other.readwrite.promptops');
    has(scopesOf(t, '}}'), 'punctuation.definition.tag.end.promptops');
    assert.deepEqual(scopesOf(t, '!'), ['source.promptops']);
  });

  it('scopes a helper call with string, number, boolean and hash arguments', async () => {
    const t = await tokenize('{{json data indent=2 pretty=true label="x"}}');
    has(scopesOf(t, 'json'), 'support.function.helper.promptops');
    has(scopesOf(t, 'data'), 'variable.other.readwrite.promptops');
    has(scopesOf(t, 'indent'), 'entity.other.attribute-name.promptops');
    has(scopesOf(t, '='), 'keyword.operator.assignment.promptops');
    has(scopesOf(t, '2'), 'constant.numeric.promptops');
    has(scopesOf(t, 'true'), 'constant.language.promptops');
    has(scopesOf(t, '"'), 'string.quoted.double.promptops', 'punctuation.definition.string.begin.promptops');
  });

  it('scopes this, @index, parent paths and properties of this', async () => {
    const t = await tokenize('{{@index}} {{this}} {{this.title}} {{../name}} {{@root.x}}');
    has(scopesOf(t, '@index'), 'variable.language.promptops');
    has(scopesOf(t, 'this'), 'variable.language.promptops');
    has(scopesOf(t, 'title'), 'variable.other.property.promptops');
    has(scopesOf(t, '../'), 'variable.language.promptops');
    has(scopesOf(t, '@root'), 'variable.language.promptops');
  });

  it('scopes whitespace control', async () => {
    const t = await tokenize('{{~name~}}');
    has(scopesOf(t, '{{~'), 'punctuation.definition.tag.begin.promptops');
    has(scopesOf(t, '~}}'), 'punctuation.definition.tag.end.promptops');
  });

  it('scopes sub-expressions', async () => {
    const t = await tokenize('{{#if (ifEquals a "b")}}x{{/if}}');
    has(scopesOf(t, '('), 'meta.subexpression.promptops', 'punctuation.section.parens.begin.promptops');
    has(scopesOf(t, 'ifEquals'), 'meta.subexpression.promptops', 'support.function.helper.promptops');
    has(scopesOf(t, 'a'), 'variable.other.readwrite.promptops');
  });

  it('scopes a triple-stash unescaped expression', async () => {
    const t = await tokenize('{{{ raw_html }}}');
    has(scopesOf(t, '{{{'), 'meta.expression.unescaped.promptops', 'punctuation.definition.tag.begin.unescaped.promptops');
    has(scopesOf(t, 'raw_html'), 'variable.other.readwrite.promptops');
    has(scopesOf(t, '}}}'), 'punctuation.definition.tag.end.unescaped.promptops');
  });
});

describe('grammar: blocks', () => {
  it('scopes #each with block params, else and the closing tag', async () => {
    const t = await tokenize('{{#each items as |item i|}}{{item}}{{else}}none{{/each}}');
    has(scopesOf(t, '#'), 'meta.block.begin.promptops', 'punctuation.definition.block.begin.promptops');
    has(scopesOf(t, 'each', 0), 'keyword.control.block.promptops');
    has(scopesOf(t, 'items'), 'variable.other.readwrite.promptops');
    has(scopesOf(t, 'as |'), 'keyword.control.as.promptops');
    has(scopesOf(t, 'else'), 'meta.block.else.promptops', 'keyword.control.else.promptops');
    has(scopesOf(t, '/'), 'meta.block.end.promptops', 'punctuation.definition.block.end.promptops');
    const closing = t.filter((x) => x.text === 'each');
    assert.equal(closing.length, 2);
    has(closing[1].scopes, 'meta.block.end.promptops', 'keyword.control.block.promptops');
    assert.deepEqual(scopesOf(t, 'none'), ['source.promptops']);
  });

  it('scopes inverse blocks', async () => {
    const t = await tokenize('{{^if done}}todo{{/if}}');
    has(scopesOf(t, '^'), 'punctuation.definition.block.begin.promptops');
    has(scopesOf(t, 'if'), 'keyword.control.block.promptops');
  });

  it('leaves the inside of a raw block unparsed', async () => {
    const t = await tokenize('{{{{raw}}}} {{not.parsed}} {{{{/raw}}}}');
    has(scopesOf(t, ' {{not.parsed}} '), 'string.unquoted.raw.promptops');
    has(scopesOf(t, 'raw'), 'keyword.control.block.raw.promptops');
  });
});

describe('grammar: comments and partials', () => {
  it('scopes {{! }} and {{!-- --}} comments, the latter across lines and around }}', async () => {
    const t = await tokenize('{{! short }}\n{{!-- long\n {{ not an expression }}\n--}}after');
    has(scopesOf(t, '{{!', 0), 'comment.block.handlebars.promptops', 'punctuation.definition.comment.begin.promptops');
    has(scopesOf(t, ' short ', 0), 'comment.block.handlebars.promptops');
    has(scopesOf(t, '{{!--', 1), 'comment.block.handlebars.promptops');
    has(scopesOf(t, ' {{ not an expression }}', 2), 'comment.block.handlebars.promptops');
    has(scopesOf(t, '--}}', 3), 'punctuation.definition.comment.end.promptops');
    assert.deepEqual(scopesOf(t, 'after', 3), ['source.promptops']);
  });

  it('scopes a partial with its name and arguments', async () => {
    const t = await tokenize('{{> _header title="Hi" }}');
    has(scopesOf(t, '>'), 'meta.partial.promptops', 'keyword.operator.partial.promptops');
    has(scopesOf(t, '_header'), 'entity.name.function.partial.promptops');
    has(scopesOf(t, 'title'), 'meta.partial.promptops', 'entity.other.attribute-name.promptops');
  });

  it('scopes a partial block', async () => {
    const t = await tokenize('{{#> layout}}x{{/layout}}');
    has(scopesOf(t, '#>'), 'keyword.operator.partial.promptops');
    has(scopesOf(t, 'layout', 0), 'entity.name.function.partial.promptops');
  });
});

describe('grammar: role markers', () => {
  it('shows {{role "…"}} as a section heading', async () => {
    const t = await tokenize('{{role "system"}}\nYou are terse.\n{{role \'user\'}}');
    has(scopesOf(t, 'role', 0), 'markup.heading.role.promptops', 'keyword.other.role.promptops');
    has(scopesOf(t, 'system'), 'markup.heading.role.promptops', 'entity.name.section.role.promptops');
    has(scopesOf(t, 'user'), 'entity.name.section.role.promptops', 'string.quoted.single.promptops');
    assert.deepEqual(scopesOf(t, 'You are terse.'), ['source.promptops']);
  });

  it('shows {{history}} and {{section "…"}} as headings', async () => {
    const t = await tokenize('{{history}}\n{{section "examples"}}');
    has(scopesOf(t, 'history'), 'markup.heading.section.promptops', 'keyword.other.section.promptops');
    has(scopesOf(t, 'section'), 'keyword.other.section.promptops');
    has(scopesOf(t, 'examples'), 'string.quoted.double.promptops');
  });

  it('shows a `system:` line as a heading, but not prose that merely contains a colon', async () => {
    const t = await tokenize('system:\nBe brief.\nUser: what now?\n  Assistant:');
    has(scopesOf(t, 'system'), 'markup.heading.role.promptops', 'keyword.other.role.promptops');
    has(scopesOf(t, ':', 0), 'punctuation.separator.role.promptops');
    assert.deepEqual(scopesOf(t, 'User: what now?'), ['source.promptops']);
    has(scopesOf(t, 'Assistant', 3), 'keyword.other.role.promptops');
  });

  it('does not mistake a variable named like a role for a marker', async () => {
    const t = await tokenize('{{roles}} {{roleName}}');
    has(scopesOf(t, 'roles'), 'variable.other.readwrite.promptops');
    lacks(scopesOf(t, 'roles'), 'markup.heading');
  });
});
