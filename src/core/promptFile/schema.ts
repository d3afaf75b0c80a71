// The frontmatter schema, written once with zod: it validates parsed files, yields the shipped JSON Schema, and
// documents every key for completion and hover.
import { z } from 'zod';

const stringList = z.array(z.string());

const configSchema = z
  .looseObject({
    temperature: z.number().min(0).max(2).optional().describe('Sampling temperature, 0–2. Lower is more deterministic.'),
    maxOutputTokens: z.number().int().min(1).optional().describe('Upper bound on the number of tokens the model may generate.'),
    topP: z.number().min(0).max(1).optional().describe('Nucleus sampling: only tokens within this cumulative probability are considered.'),
    topK: z.number().int().min(1).optional().describe('Only the K most likely tokens are considered at each step.'),
    stopSequences: stringList.optional().describe('Generation stops when the model emits one of these strings.'),
  })
  .describe('Model configuration. temperature, maxOutputTokens, topP, topK and stopSequences are common to all providers; any other key is passed to the provider as written.');

const schemaValue = z.union([z.string(), z.record(z.string(), z.unknown())], {
  error: 'must be a schema: a Picoschema or JSON Schema object, or a schema name',
});

const inputSchema = z
  .looseObject({
    schema: schemaValue.optional().describe('The input variables, in Picoschema (`name: string, description`) or plain JSON Schema.'),
    default: z.record(z.string(), z.unknown(), { error: 'must be a mapping of variable names to values' }).optional()
      .describe('Default values for input variables, applied before a test or a render.'),
  })
  .describe('The prompt\'s input variables: their schema and defaults.');

const outputSchema = z
  .looseObject({
    format: z.enum(['text', 'json']).optional().describe('`text` (default) or `json`: the model is asked for JSON matching `output.schema`.'),
    schema: schemaValue.optional().describe('The shape of a JSON reply, in Picoschema or plain JSON Schema.'),
  })
  .describe('The expected output of the model.');

const assertionSchema = z
  .looseObject({
    type: z.string({ error: 'needs a `type` (e.g. contains, equals, llm-rubric)' })
      .describe('The assertion type, in promptfoo\'s vocabulary (`contains`, `equals`, `regex`, `llm-rubric`, …); `not-` negates it.'),
    value: z.unknown().optional().describe('What the output is checked against: a string, a list, a number, a JSON Schema, or a rubric.'),
    threshold: z.number().optional().describe('Pass mark for scored assertions (similarity, latency in ms, cost in USD, rubric score).'),
    weight: z.number().min(0).optional().describe('Weight of this assertion in the test\'s score (default 1).'),
    provider: z.string().optional().describe('Grader model for `llm-rubric`, as `provider/model`.'),
    metric: z.string().optional().describe('A name to group this assertion\'s score under in reports.'),
  })
  .describe('One check on the model\'s output.');

const modelList = z.union([z.string(), stringList], { error: 'must be `provider/model` or a list of them' });

/** One item of `tests:` (validated item by item, so an edit re-checks only its test). */
export const testSchema = z
  .looseObject({
    name: z.string().optional().describe('A name for the test, shown in the Test Explorer and reports.'),
    description: z.string().optional().describe('A longer description of what the test checks.'),
    vars: z.record(z.string(), z.unknown(), { error: 'must be a mapping of variable names to values' }).optional()
      .describe('Values for the input variables; merged over `input.default`.'),
    model: z.string().optional().describe('Run this test on this model (`provider/model`) instead of the file\'s model.'),
    models: stringList.optional().describe('Run this test on each of these models (`provider/model`).'),
    provider: modelList.optional().describe('Same as `model`/`models`: the `provider/model` (or list) this test runs on.'),
    repeat: z.number().int().min(1).max(1000).optional().describe('Run the test this many times; the pass rate is compared with `threshold`.'),
    threshold: z.number().min(0).max(1).optional().describe('Share of weighted assertions (and repeats) that must pass, 0–1 (default 1).'),
    cache: z.boolean().optional().describe('Set `false` to bypass the response cache for this test.'),
    assert: z.array(assertionSchema).optional().describe('The checks on the output; all must pass unless `threshold` says otherwise.'),
    file: z.string().optional().describe('A dataset (`.jsonl`, `.csv`, `.yaml`) relative to this file; each row becomes a case, its fields merged over `vars`.'),
  })
  .describe('One test case (or a dataset of cases) for this prompt.');

/** The zod schema of a `.prompt` file's frontmatter; unknown keys are kept. */
export const frontmatterSchema = z
  .looseObject({
    name: z.string().optional().describe('The prompt\'s name (Dotprompt); defaults to the file name.'),
    variant: z.string().optional().describe('A variant name (Dotprompt), e.g. `concise` for `name.concise.prompt`.'),
    version: z.string().optional().describe('A version label of the prompt (Dotprompt).'),
    description: z.string().optional().describe('What the prompt does.'),
    model: z.string().optional().describe('The model, as `provider/model-id` (e.g. `openai/gpt-4o-mini`, `anthropic/claude-sonnet-4-5`).'),
    config: configSchema.optional(),
    input: inputSchema.optional(),
    output: outputSchema.optional(),
    tools: stringList.optional().describe('Names of tools the model may call (Dotprompt).'),
    metadata: z.record(z.string(), z.unknown()).optional().describe('Arbitrary metadata for tooling (Dotprompt).'),
    tests: z.array(testSchema).optional().describe('Test cases run by PromptOps against real providers.'),
  })
  .describe('Frontmatter of a PromptOps / Dotprompt `.prompt` file. Keys with a dot (`myext.key`) are Dotprompt extension data.');

export type Frontmatter = z.infer<typeof frontmatterSchema>;

/** The JSON Schema (draft-07) of the frontmatter, as shipped in dist/schemas/prompt-frontmatter.schema.json. */
export function frontmatterJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(frontmatterSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...generated,
    $id: 'https://promptops.dev/schemas/prompt-frontmatter.schema.json',
    title: 'PromptOps .prompt frontmatter',
  };
}

export interface KeyDoc {
  /** `model`, `config.temperature`, `tests[].assert[].type`. */
  readonly path: string;
  readonly description: string;
  /** JSON Schema type(s), e.g. `string`, `number`, `array`. */
  readonly type: string;
  readonly values?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
}

let keyDocsCache: readonly KeyDoc[] | undefined;

/** Every documented frontmatter key with its description and type, for completion and hover. */
export function frontmatterKeyDocs(): readonly KeyDoc[] {
  keyDocsCache ??= collectKeyDocs(frontmatterJsonSchema(), '');
  return keyDocsCache;
}

/** The documented top-level frontmatter keys. */
export const TOP_LEVEL_KEYS: readonly string[] = Object.keys(frontmatterSchema.shape);

const shapeAt: Readonly<Record<string, { readonly shape: object }>> = {
  '': frontmatterSchema,
  config: configSchema,
  input: inputSchema,
  output: outputSchema,
  'tests[]': testSchema,
  'tests[].assert[]': assertionSchema,
};

/** The answers of knownChildKeys; the schema never changes, so this holds nothing a file says. */
const childKeysCache = new Map<string, readonly string[]>();

/** Documented child keys of a path (`''` for top level, `config`, `tests[]`, `tests[].assert[]`). */
export function knownChildKeys(path: string): readonly string[] {
  const hit = childKeysCache.get(path);
  if (hit) return hit;
  // The objects the diagnostics check on every parse answer from their zod shape: the key docs come from the JSON
  // Schema, whose generation costs more than a whole cached CLI case, and only completion and hover need it.
  const object = shapeAt[path];
  if (object) {
    const keys = Object.keys(object.shape);
    childKeysCache.set(path, keys);
    return keys;
  }
  const prefix = path === '' ? '' : `${path}.`;
  const keys = frontmatterKeyDocs()
    .filter((d) => d.path.startsWith(prefix) && !d.path.slice(prefix.length).replace(/\[\]$/, '').includes('.'))
    .map((d) => d.path.slice(prefix.length).replace(/\[\]$/, ''));
  childKeysCache.set(path, keys);
  return keys;
}

type JsonNode = Record<string, unknown>;

function collectKeyDocs(node: JsonNode, prefix: string): KeyDoc[] {
  const out: KeyDoc[] = [];
  const props = (node.properties ?? {}) as Record<string, JsonNode>;
  for (const [key, prop] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.push(describeNode(path, prop));
    const object = objectOf(prop);
    if (object) out.push(...collectKeyDocs(object.node, object.isArray ? `${path}[]` : path));
  }
  return out;
}

function objectOf(prop: JsonNode): { node: JsonNode; isArray: boolean } | undefined {
  if (prop.type === 'object' && prop.properties) return { node: prop, isArray: false };
  const items = prop.items as JsonNode | undefined;
  if (prop.type === 'array' && items && items.type === 'object' && items.properties) return { node: items, isArray: true };
  return undefined;
}

function describeNode(path: string, prop: JsonNode): KeyDoc {
  const variants = (prop.anyOf as JsonNode[] | undefined) ?? [prop];
  const types = variants.map((v) => (typeof v.type === 'string' ? v.type : Array.isArray(v.type) ? v.type.join(' | ') : 'any'));
  const doc: KeyDoc = { path, description: typeof prop.description === 'string' ? prop.description : '', type: [...new Set(types)].join(' | ') };
  const extra: { values?: string[]; minimum?: number; maximum?: number } = {};
  if (Array.isArray(prop.enum)) extra.values = prop.enum.map(String);
  if (typeof prop.minimum === 'number') extra.minimum = prop.minimum;
  if (typeof prop.maximum === 'number' && prop.maximum < Number.MAX_SAFE_INTEGER) extra.maximum = prop.maximum;
  return { ...doc, ...extra };
}
