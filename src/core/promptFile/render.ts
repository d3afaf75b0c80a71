// render(doc, vars) → messages, rendered by Dotprompt itself so a Dotprompt file gives exactly Dotprompt's messages.
import Handlebars from 'handlebars';
import { Dotprompt, type ParsedPrompt, type PromptFunction } from 'dotprompt';
import { validatorFor } from './ajvCache';
import type { Message, Part, PromptDocument, RenderedPrompt, Role } from './model';
import { parse } from './parse';
import { DOTPROMPT_HELPERS } from './templateModel';

export interface RenderOptions {
  /** Source of the partial `{{> name}}` (the text of `_name.prompt`), or undefined when there is none. */
  readonly resolvePartial?: (name: string) => Promise<string | undefined>;
  /** A test's or the user's model choice; wins over the file's `model`. */
  readonly modelOverride?: string;
  /** Used when neither an override nor the file names a model. */
  readonly defaultModel?: string;
  /** Named in errors so the user knows which test failed to render. */
  readonly testName?: string;
  /** Conversation so far, inserted by `{{history}}` (Dotprompt's `messages`). */
  readonly history?: readonly Message[];
}

const BLOCKING_CODES: ReadonlySet<string> = new Set(['PO1001', 'PO1002', 'PO1004', 'PO1005', 'PO2001']);

export type RenderErrorKind = 'template' | 'vars' | 'schema' | 'partial' | 'render';

/** A prompt that could not be rendered; names the variable and the test when they are known. */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  constructor(
    message: string,
    readonly kind: RenderErrorKind,
    readonly variable?: string,
    readonly testName?: string,
  ) {
    super(message);
  }
}

/** Validates vars (defaults applied) against `input.schema`, renders with Dotprompt, and resolves the model. */
export async function render(doc: PromptDocument, vars: Readonly<Record<string, unknown>>, options: RenderOptions = {}): Promise<RenderedPrompt> {
  const where = options.testName ? `Test '${options.testName}': ` : '';
  // These leave the template or the frontmatter (model, config, schema) unreadable: rendering would silently lose them.
  const syntax = doc.diagnostics.find((d) => BLOCKING_CODES.has(d.code));
  if (syntax) {
    throw new RenderError(`${where}the prompt cannot be rendered: ${syntax.message} (line ${syntax.range.start.line + 1}).`, 'template', undefined, options.testName);
  }
  const input = validateVars(doc, vars, where, options.testName);
  let rendered;
  try {
    const renderer = await rendererFor(doc, options.resolvePartial);
    rendered = await renderer({ input, messages: options.history ? (structuredClone(options.history) as never) : undefined });
  } catch (e) {
    throw renderFailure(e, where, options.testName);
  }
  const model = options.modelOverride ?? doc.model?.value ?? options.defaultModel;
  const result: RenderedPrompt = {
    messages: rendered.messages.map(toMessage),
    config: { ...doc.config },
    output: doc.output,
    vars: input,
  };
  return model ? { ...result, model } : result;
}

/** A plain-text view of messages for display and token counting: `role: text` sections separated by blank lines. */
export function messagesToText(messages: readonly Message[]): string {
  return messages
    .map((m) => `${m.role}: ${m.content.map((p) => ('text' in p ? p.text : `[media: ${p.media.url}${p.media.contentType ? ` (${p.media.contentType})` : ''}]`)).join('')}`)
    .join('\n\n');
}

function validateVars(doc: PromptDocument, vars: Readonly<Record<string, unknown>>, where: string, testName?: string): Record<string, unknown> {
  let input: Record<string, unknown>;
  try {
    input = structuredClone({ ...doc.inputDefaults, ...vars });
  } catch {
    throw new RenderError(`${where}the vars cannot be copied (they hold functions or other non-data values).`, 'vars', undefined, testName);
  }
  if (!doc.inputSchema) return input;
  const validate = validatorFor(doc.inputSchema);
  if (validate instanceof Error) {
    throw new RenderError(`${where}\`input.schema\` is not a valid JSON Schema: ${validate.message}`, 'schema', undefined, testName);
  }
  if (validate(input)) return input;
  const err = validate.errors?.[0];
  const path = err?.instancePath.split('/').slice(1).join('.') ?? '';
  const params = (err?.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
  const variable = params.missingProperty ?? params.additionalProperty ?? (path || undefined);
  let message: string;
  if (err?.keyword === 'required') message = `input '${params.missingProperty}' is required but not set. Add it to the vars or give it a default.`;
  else if (err?.keyword === 'additionalProperties') message = `input '${params.additionalProperty}' is not declared in \`input.schema\`. Declare it or remove it.`;
  else message = `input '${path}' ${err?.message ?? 'is invalid'} (value: ${preview(valueAt(input, path))}).`;
  throw new RenderError(`${where}${message}`, 'vars', variable, testName);
}

type Renderer = PromptFunction;

/** Compiled templates by document, valid while the partials' sources are the same (a run renders one file many times). */
const compiled = new WeakMap<PromptDocument, { readonly key: string; readonly renderer: Renderer }>();

async function rendererFor(doc: PromptDocument, resolvePartial: RenderOptions['resolvePartial']): Promise<Renderer> {
  const partials = resolvePartial ? await collectPartials(doc, resolvePartial) : {};
  const key = JSON.stringify(partials);
  const hit = compiled.get(doc);
  if (hit && hit.key === key) return hit.renderer;
  const renderer = await isolatedDotprompt(partials).compile(toParsedPrompt(doc));
  compiled.set(doc, { key, renderer });
  return renderer;
}

/** The sources of every partial the template reaches, nested ones included; unresolved names are left out. */
async function collectPartials(doc: PromptDocument, resolvePartial: (name: string) => Promise<string | undefined>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  const queue = doc.partials.map((p) => p.value);
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const source = await resolvePartial(name);
    if (source === undefined) continue;
    out[name] = source;
    queue.push(...parse(source).partials.map((p) => p.value));
  }
  return out;
}

/**
 * Dotprompt registers helpers and partials on the one shared Handlebars instance, so partials of one file would leak
 * into another and concurrent renders would race. Each compiled template gets its own Handlebars environment instead.
 */
function isolatedDotprompt(partials: Record<string, string>): Dotprompt {
  const dotprompt = new Dotprompt();
  const holder = dotprompt as unknown as { handlebars?: typeof Handlebars };
  if (!holder.handlebars || typeof holder.handlebars.registerHelper !== 'function') {
    // Dotprompt's internals changed: fall back to its own (shared) registration.
    for (const [name, source] of Object.entries(partials)) dotprompt.definePartial(name, source);
    return dotprompt;
  }
  const shared = holder.handlebars;
  const env = Handlebars.create();
  // create() omits the Visitor that Dotprompt subclasses to find partials.
  Object.assign(env, { Visitor: Handlebars.Visitor });
  for (const name of DOTPROMPT_HELPERS) {
    const helper = shared.helpers[name];
    if (helper) env.registerHelper(name, helper);
  }
  for (const [name, source] of Object.entries(partials)) env.registerPartial(name, source);
  setUpOnce(env);
  holder.handlebars = env;
  memoizeMetadata(dotprompt);
  return dotprompt;
}

type SetupFn = (options: Record<string, unknown>) => void;
type TemplateFn = ((...args: unknown[]) => string) & { _setup?: SetupFn };

/**
 * Handlebars rebuilds a template's helper table (a fresh wrapper per helper) and its prototype-access policy on every
 * top-level call; for one template rendered a thousand times with the same options that is most of its cost. The
 * environment is private to one compiled prompt and Dotprompt always passes only `data`, so the first setup holds:
 * later calls with no per-call helpers, partials or access options skip it. A call as a partial replaces the
 * template's state from its caller, so the next top-level call sets up again.
 */
function setUpOnce(env: typeof Handlebars): void {
  const holder = env as unknown as { template?: (spec: unknown) => TemplateFn };
  const template = holder.template;
  if (typeof template !== 'function') return;
  holder.template = (spec) => {
    const fn = template.call(env, spec);
    const setup = fn._setup;
    if (typeof setup !== 'function') return fn;
    let ready = false;
    fn._setup = (options) => {
      const plain = options['partial'] !== true && Object.keys(options).every((k) => k === 'data');
      if (ready && plain) return;
      setup.call(fn, options);
      ready = plain;
    };
    return fn;
  };
}

/**
 * Dotprompt re-resolves a prompt's metadata (merging config, expanding Picoschema) on every render, though it
 * depends only on the parsed prompt, which a compiled renderer never changes.
 */
function memoizeMetadata(dotprompt: Dotprompt): void {
  const holder = dotprompt as unknown as { renderMetadata?: (source: unknown, additional?: unknown) => Promise<unknown> };
  const renderMetadata = holder.renderMetadata;
  if (typeof renderMetadata !== 'function') return;
  const memo = new WeakMap<object, Promise<unknown>>();
  holder.renderMetadata = (source, additional) => {
    if (additional !== undefined || typeof source !== 'object' || source === null) return renderMetadata.call(dotprompt, source, additional);
    let p = memo.get(source);
    if (p === undefined) {
      p = renderMetadata.call(dotprompt, source);
      // A failure is not remembered: the next render reports it again.
      p.catch(() => memo.delete(source));
      memo.set(source, p);
    }
    return p;
  };
}

/** Dotprompt's own view of the file: its template is the trimmed body, as Dotprompt's parser gives it. */
function toParsedPrompt(doc: PromptDocument): ParsedPrompt {
  const fm = doc.frontmatter ?? {};
  const meta: Record<string, unknown> = {};
  // The input schema is already applied here, output carries the converted schema for `@metadata.prompt.output`;
  // tools need a resolver PromptOps does not have.
  for (const key of ['name', 'variant', 'version', 'description', 'model', 'metadata']) if (fm[key] !== undefined) meta[key] = fm[key];
  return { ...meta, config: { ...doc.config }, output: doc.output, ext: {}, raw: { ...fm }, template: doc.body.trim() } as ParsedPrompt;
}

function toMessage(m: { role: string; content: unknown[]; metadata?: Record<string, unknown> }): Message {
  const content: Part[] = [];
  for (const p of m.content as Record<string, unknown>[]) {
    if (typeof p.text === 'string') content.push({ text: p.text });
    else if (p.media && typeof p.media === 'object') {
      const media = p.media as { url: string; contentType?: string };
      content.push({ media: media.contentType ? { url: media.url, contentType: media.contentType } : { url: media.url } });
    }
    // Pending `{{section}}` placeholders are Genkit hooks with nothing to send; they are dropped.
  }
  const out: Message = { role: m.role as Role, content };
  return m.metadata ? { ...out, metadata: m.metadata } : out;
}

function renderFailure(e: unknown, where: string, testName?: string): RenderError {
  if (e instanceof RangeError) {
    return new RenderError(`${where}rendering recursed without end; a partial probably includes itself. Break the cycle.`, 'partial', undefined, testName);
  }
  const msg = e instanceof Error ? e.message : String(e);
  const partial = /The partial (\S+) could not be found/.exec(msg);
  if (partial) {
    return new RenderError(`${where}partial '${partial[1]}' was not found. Create \`_${partial[1]}.prompt\` beside the prompt file.`, 'partial', undefined, testName);
  }
  const helper = /unknown helper (\S+)/.exec(msg);
  if (helper) {
    return new RenderError(`${where}unknown helper '${helper[1]}'. Dotprompt renders only its own and Handlebars' helpers.`, 'template', undefined, testName);
  }
  return new RenderError(`${where}the template failed to render: ${msg.split('\n')[0]}`, 'render', undefined, testName);
}

function valueAt(data: unknown, path: string): unknown {
  let v = data;
  for (const seg of path ? path.split('.') : []) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}

function preview(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
