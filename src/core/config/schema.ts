// The schema of promptops.config.yaml, written once with zod; it gives both validation and the JSON Schema.
import { z } from 'zod';

export const providerTypes = ['openai', 'azure', 'anthropic', 'gemini', 'ollama', 'openai-compatible', 'echo'] as const;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable (e.g. OPENAI_API_KEY), not the key itself');
const modelRef = z.string().regex(/^(echo|[A-Za-z][A-Za-z0-9_.-]*\/\S+)$/, 'must be provider/model, e.g. openai/gpt-4o-mini');
const price = z.strictObject({
  inputPerMTok: z.number().nonnegative().describe('USD per million input tokens'),
  outputPerMTok: z.number().nonnegative().describe('USD per million output tokens'),
});

export const providerSchema = z.strictObject({
  type: z.enum(providerTypes).optional().describe('Wire protocol; defaults to the entry name when that is a built-in provider'),
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional().describe('Endpoint base URL'),
  apiKeyEnv: envName.optional().describe('Name of the environment variable (or Set API Key secret) holding the key'),
  apiVersion: z.string().min(1).optional().describe('Azure api-version'),
  deployment: z.string().min(1).optional().describe('Azure deployment used when a model has no entry in deployments'),
  deployments: z.record(z.string(), z.string().min(1)).optional().describe('Azure: model name → deployment name'),
  headers: z.record(z.string(), z.string()).optional().describe('Extra request headers (never secrets)'),
  timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  prices: z.record(z.string(), price).optional().describe('Price overrides by model id'),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  defaultModel: modelRef.optional().describe('provider/model used when a prompt names none'),
  providers: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'provider names are letters, digits, _ . -'), providerSchema).optional(),
  cache: z.strictObject({
    dir: z.string().min(1).optional().describe('Cache folder, relative to this file'),
    ttlDays: z.number().min(0).optional(),
    maxSizeMB: z.number().min(1).optional(),
  }).optional(),
  concurrency: z.number().int().min(1).max(256).optional().describe('Requests in flight across a run'),
  grader: modelRef.optional().describe('provider/model that grades llm-rubric assertions'),
  allowJavascript: z.boolean().optional().describe('Only false is accepted: javascript assertions run with promptops test --allow-javascript, or in a trusted VS Code workspace'),
});

export type RawConfig = z.infer<typeof configSchema>;

/** The JSON Schema of promptops.config.yaml, for yaml-language-server and completion. */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
}
