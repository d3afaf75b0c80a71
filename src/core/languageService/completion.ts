// Completion for `.prompt` files: frontmatter keys and values from the schema, model ids, assertion types, test vars,
// and inside `{{ }}` the declared variables, helpers, `this`/`@index` in blocks, partial names and roles.
import { ASSERTION_TYPES } from '../promptFile/assertionTypes';
import type { InputVariable, Position, PromptDocument } from '../promptFile/model';
import { frontmatterKeyDocs, knownChildKeys, type KeyDoc } from '../promptFile/schema';
import { assertionDoc } from './assertionDocs';
import { cursorContext, type ExpressionContext, type FrontmatterContext } from './cursorContext';
import { formatModelDetail } from './modelText';
import { offsetAt } from './text';
import type { CompletionItem, ModelInfo } from './types';

export interface CompletionSources {
  readonly models: readonly ModelInfo[];
  /** Partial names available to this file (`_header.prompt` → `header`). */
  readonly partials: readonly string[];
}

const ROLES = ['system', 'user', 'model', 'tool'] as const;
const MODEL_KEYS = new Set(['model', 'tests[].model', 'tests[].models', 'tests[].provider', 'tests[].assert[].provider']);

const HELPERS: readonly { name: string; doc: string; snippet?: string }[] = [
  { name: 'role', doc: 'Starts a message with this role: `{{role "system"}}`.', snippet: 'role "${1|system,user,model,tool|}"' },
  { name: 'history', doc: 'Inserts the earlier messages of a multi-turn conversation.' },
  { name: 'section', doc: 'Names a section of the prompt: `{{section "examples"}}`.', snippet: 'section "${1:name}"' },
  { name: 'media', doc: 'Attaches media by URL: `{{media url=imageUrl}}`.', snippet: 'media url=${1:url}' },
  { name: 'json', doc: 'Inserts a value as JSON: `{{json data indent=2}}`.', snippet: 'json ${1:value}' },
  { name: 'lookup', doc: 'Reads a property by a computed key: `{{lookup map key}}`.', snippet: 'lookup ${1:object} ${2:key}' },
];

const BLOCK_HELPERS: readonly { name: string; doc: string }[] = [
  { name: 'if', doc: 'Renders the block when the value is truthy.' },
  { name: 'unless', doc: 'Renders the block when the value is falsy.' },
  { name: 'each', doc: 'Renders the block once per item; `this` is the item, `@index` its position.' },
  { name: 'with', doc: 'Renders the block with a nested object as the context.' },
  { name: 'ifEquals', doc: 'Renders the block when the two arguments are equal.' },
  { name: 'unlessEquals', doc: 'Renders the block when the two arguments differ.' },
];

const DATA_VARS: readonly { name: string; doc: string; inEach: boolean }[] = [
  { name: 'this', doc: 'The current item.', inEach: false },
  { name: '@index', doc: 'The position of the current item, from 0.', inEach: true },
  { name: '@key', doc: 'The key of the current item when iterating over an object.', inEach: true },
  { name: '@first', doc: 'True for the first item.', inEach: true },
  { name: '@last', doc: 'True for the last item.', inEach: true },
];

function inputDetail(i: InputVariable): string {
  return `${i.type ?? 'any'}${i.optional ? ' (optional)' : ''}`;
}

/** Markdown describing an input variable: type, description and default. */
export function inputDocumentation(i: InputVariable): string {
  const parts = [`**${i.name}**: \`${i.type ?? 'any'}\`${i.optional ? ' (optional)' : ''}`];
  if (i.description) parts.push(escapeMarkdown(i.description));
  if (i.default !== undefined) parts.push(`Default: \`${JSON.stringify(i.default)}\``);
  return parts.join('\n\n');
}

/** Escapes Markdown so text from the file shows as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
}

function keyItem(doc: KeyDoc, name: string, ctx: FrontmatterContext): CompletionItem {
  const isObject = doc.type.includes('object') && !doc.type.includes('string');
  const isArray = doc.type === 'array';
  const insertText = isArray ? `${name}:\n  - $0` : isObject ? `${name}:\n  $0` : `${name}: $0`;
  return { label: name, kind: 'property', detail: doc.type, documentation: doc.description, insertText, snippet: true, range: ctx.replaceRange };
}

function frontmatterCompletions(doc: PromptDocument, ctx: FrontmatterContext, sources: CompletionSources): CompletionItem[] {
  const { parentPath, replaceRange: range } = ctx;
  if (!ctx.onValue) {
    if (parentPath === 'tests[].vars' || parentPath === 'input.default') {
      return doc.inputs.map((i) => ({ label: i.name, kind: 'variable', detail: inputDetail(i), documentation: inputDocumentation(i), insertText: `${i.name}: `, range }));
    }
    const docs = frontmatterKeyDocs();
    const present = parentPath === '' && doc.frontmatter ? new Set(Object.keys(doc.frontmatter)) : new Set<string>();
    return knownChildKeys(parentPath)
      .filter((k) => !present.has(k) || k === ctx.key)
      .map((k) => {
        const path = parentPath === '' ? k : `${parentPath}.${k}`;
        const d = docs.find((x) => x.path === path || x.path === `${path}[]`) ?? { path, description: '', type: 'any' };
        return keyItem(d, k, ctx);
      });
  }
  const path = parentPath === '' ? ctx.key : `${parentPath}.${ctx.key}`;
  if (MODEL_KEYS.has(path)) {
    return sources.models.map((m, i) => ({
      label: m.id, kind: 'value', detail: formatModelDetail(m), sortText: String(i).padStart(4, '0'), range, filterText: m.id,
    }));
  }
  if (path === 'tests[].assert[].type') {
    return ASSERTION_TYPES.map((t) => ({ label: t, kind: 'enum', documentation: assertionDoc(t) ?? '', sortText: `${t.startsWith('not-') ? 1 : 0}${t}`, range }));
  }
  const keyDoc = frontmatterKeyDocs().find((d) => d.path === path);
  if (keyDoc?.values) return keyDoc.values.map((v) => ({ label: v, kind: 'enum', documentation: keyDoc.description, range }));
  if (keyDoc?.type === 'boolean') return ['true', 'false'].map((v) => ({ label: v, kind: 'value', range }));
  return [];
}

function schemaProperties(schema: Readonly<Record<string, unknown>> | undefined, path: readonly string[]): Record<string, Record<string, unknown>> {
  let node: unknown = schema;
  for (const p of path) {
    const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
    node = props?.[p];
    const items = (node as { items?: unknown } | undefined)?.items;
    if ((node as { type?: unknown } | undefined)?.type === 'array' && items) node = items;
  }
  const props = (node as { properties?: unknown } | undefined)?.properties;
  return props && typeof props === 'object' ? (props as Record<string, Record<string, unknown>>) : {};
}

function expressionCompletions(doc: PromptDocument, ctx: ExpressionContext, sources: CompletionSources): CompletionItem[] {
  const range = ctx.replaceRange;
  switch (ctx.trigger) {
    case 'block':
      return BLOCK_HELPERS.map((h) => ({ label: h.name, kind: 'keyword', documentation: h.doc, range }));
    case 'close': {
      const open = ctx.blocks.at(-1);
      return open ? [{ label: open.helper, kind: 'keyword', detail: `closes {{#${open.helper}}}`, range }] : [];
    }
    case 'partial':
      return sources.partials.map((p) => ({ label: p, kind: 'module', detail: 'partial', range }));
    case 'role':
      return ROLES.map((r) => ({ label: r, kind: 'enum', detail: 'role', range }));
    default:
      break;
  }
  const dot = ctx.prefix.lastIndexOf('.');
  if (dot > 0 && !ctx.prefix.startsWith('@') && !ctx.prefix.startsWith('this')) {
    const path = ctx.prefix.slice(0, dot).split('.');
    const start = { line: range.start.line, character: range.start.character + dot + 1 };
    return Object.entries(schemaProperties(doc.inputSchema, path)).map(([name, s]) => ({
      label: name, kind: 'variable', detail: typeof s.type === 'string' ? s.type : 'any',
      documentation: typeof s.description === 'string' ? escapeMarkdown(s.description) : '', range: { start, end: range.end },
    }));
  }
  const items: CompletionItem[] = [];
  const scoped = ctx.blocks.some((b) => b.helper === 'each' || b.helper === 'with');
  const inEach = ctx.blocks.some((b) => b.helper === 'each');
  for (const v of DATA_VARS) {
    if (scoped && (!v.inEach || inEach)) items.push({ label: v.name, kind: 'keyword', documentation: v.doc, range, sortText: `0${v.name}` });
  }
  // Inside #each/#with a bare name reads the element, so inputs are offered through @root there.
  for (const i of doc.inputs) {
    const label = scoped ? `@root.${i.name}` : i.name;
    items.push({ label, kind: 'variable', detail: inputDetail(i), documentation: inputDocumentation(i), range, sortText: `1${i.name}` });
  }
  if (ctx.trigger === 'mustache') {
    for (const h of HELPERS) {
      items.push({ label: h.name, kind: 'function', documentation: h.doc, range, sortText: `2${h.name}`, ...(h.snippet ? { insertText: h.snippet, snippet: true } : {}) });
    }
  }
  return items;
}

/** Completion items at `pos`; `sources` supplies what lives outside the file (models, partial files). */
export function completions(doc: PromptDocument, pos: Position, sources: CompletionSources): CompletionItem[] {
  const ctx = cursorContext(doc, pos, offsetAt(doc, pos));
  if (ctx.where === 'frontmatter') return frontmatterCompletions(doc, ctx, sources);
  if (ctx.where === 'expression') return expressionCompletions(doc, ctx, sources);
  return [];
}
