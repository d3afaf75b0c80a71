// Turns `provider/model` references and configuration into provider clients, and guards where keys are sent.
import type { Clock, CredentialSource, Logger } from '../io';
import { silentLogger, systemClock } from '../io';
import type { PromptOpsConfig, ProviderConfig, ProviderType } from '../config/types';
import type { ProviderClient } from './types';
import { ProviderError } from './errors';
import { AdaptiveLimiter } from './limiter';
import { abortableSleep } from './retry';
import { createEchoClient } from './echo';
import { createWireClient, type WireProtocol } from './client';
import type { FetchFn, HttpPolicy, HttpTarget, SleepFn } from './http';
import { defaultTransport, fetchTransport } from './transport';
import { openAiProtocol } from './openai';
import { azureRoute } from './azure';
import { anthropicProtocol } from './anthropic';
import { geminiProtocol } from './gemini';
import { ollamaProtocol } from './ollama';
import { authHeader } from './wire';

export interface ModelRef {
  readonly provider: string;
  readonly model: string;
}

/** Splits `openai/gpt-4o-mini` at the first slash (model ids may contain more); throws a `config` ProviderError. */
export function parseModelRef(ref: string): ModelRef {
  const trimmed = typeof ref === 'string' ? ref.trim() : '';
  if (trimmed === 'echo') return { provider: 'echo', model: 'echo' };
  const slash = trimmed.indexOf('/');
  const provider = slash === -1 ? '' : trimmed.slice(0, slash);
  const model = slash === -1 ? '' : trimmed.slice(slash + 1);
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(provider) || model === '' || /\s/.test(model)) {
    throw new ProviderError({
      kind: 'config', provider: provider || 'unknown', endpoint: '',
      message: `'${String(ref)}' is not a model reference: write it as provider/model, e.g. openai/gpt-4o-mini, anthropic/claude-sonnet-4-5, ollama/llama3.2 or echo`,
    });
  }
  return { provider, model };
}

export interface ProviderDeps {
  readonly credentials: CredentialSource;
  readonly fetch?: FetchFn;
  readonly clock?: Clock;
  /** Waits between retries; tests pass one that returns at once. */
  readonly sleep?: SleepFn;
  readonly random?: () => number;
  readonly logger?: Logger;
  /** Asked once per client before a key goes to an endpoint that the workspace (not the user) configured. */
  readonly approveEndpoint?: (provider: string, url: string) => Promise<boolean>;
  /** Largest response body accepted (default 16 MB). */
  readonly maxResponseBytes?: number;
  /**
   * How the user of this host sets a missing or rejected key, as a clause after "no API key for OpenAI: " (the
   * extension names its Set API Key command; the default names the environment and a .env file above the folder).
   */
  readonly keyAdvice?: (keyEnv: string | undefined) => string;
}

/** The key advice of a host without a secret store: the environment, or a .env file found from `from` upwards. */
export function envKeyAdvice(from: string): (keyEnv: string | undefined) => string {
  return (keyEnv) => keyEnv === undefined
    ? 'set the environment variable named by apiKeyEnv for this provider in promptops.config.yaml'
    : `set the ${keyEnv} environment variable, or put ${keyEnv}=… in a .env file in ${from} or a folder above it`;
}

interface Defaults {
  readonly label: string;
  readonly baseUrl?: string;
  readonly keyEnv?: string;
  readonly keyRequired: boolean;
}

const defaults: Readonly<Record<ProviderType, Defaults>> = {
  openai: { label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', keyEnv: 'OPENAI_API_KEY', keyRequired: true },
  azure: { label: 'Azure OpenAI', keyEnv: 'AZURE_OPENAI_API_KEY', keyRequired: true },
  anthropic: { label: 'Anthropic', baseUrl: 'https://api.anthropic.com', keyEnv: 'ANTHROPIC_API_KEY', keyRequired: true },
  gemini: { label: 'Gemini', baseUrl: 'https://generativelanguage.googleapis.com/v1beta', keyEnv: 'GEMINI_API_KEY', keyRequired: true },
  ollama: { label: 'Ollama', baseUrl: 'http://localhost:11434', keyRequired: false },
  'openai-compatible': { label: 'OpenAI-compatible server', keyRequired: false },
  echo: { label: 'echo', keyRequired: false },
};

const builtIn = new Set<string>(['openai', 'azure', 'anthropic', 'gemini', 'ollama', 'echo']);

/** The provider entry for an id: the configured one, or the built-in defaults for a built-in id. */
export function providerConfigFor(providerId: string, config: Pick<PromptOpsConfig, 'providers'> | undefined): ProviderConfig {
  const entry = config?.providers[providerId];
  if (entry) return entry;
  if (builtIn.has(providerId)) return { type: providerId as ProviderType };
  const known = [...new Set([...builtIn, ...Object.keys(config?.providers ?? {})])].sort().join(', ');
  throw new ProviderError({
    kind: 'config', provider: providerId, endpoint: '',
    message: `unknown provider '${providerId}': use one of ${known}, or add it under providers: in promptops.config.yaml (type: openai-compatible, baseUrl: …)`,
  });
}

/** The human name of a provider id, for messages and UI. */
export function providerLabel(providerId: string, config?: Pick<PromptOpsConfig, 'providers'>): string {
  const type = config?.providers[providerId]?.type ?? (builtIn.has(providerId) ? (providerId as ProviderType) : undefined);
  return type === undefined ? providerId : type === 'openai-compatible' ? providerId : defaults[type].label;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Creates the client for a provider id; keys are looked up (and endpoints approved) on the first request. */
export function createProviderClient(providerId: string, config: Pick<PromptOpsConfig, 'providers'> | undefined, deps: ProviderDeps): ProviderClient {
  const entry = providerConfigFor(providerId, config);
  const clock = deps.clock ?? systemClock;
  if (entry.type === 'echo') return createEchoClient(clock);
  const d = defaults[entry.type];
  const label = entry.type === 'openai-compatible' ? `${providerId} (OpenAI-compatible)` : d.label;
  const rawBase = entry.baseUrl ?? d.baseUrl;
  if (rawBase === undefined) {
    throw new ProviderError({
      kind: 'config', provider: providerId, endpoint: '',
      message: `provider '${providerId}' (${entry.type}) needs a baseUrl: add providers.${providerId}.baseUrl to promptops.config.yaml${entry.type === 'azure' ? ' (https://<resource>.openai.azure.com)' : ''}`,
    });
  }
  const base = entry.type === 'azure' ? trimSlash(rawBase).replace(/\/openai$/, '') : trimSlash(rawBase);
  const keyEnv = entry.apiKeyEnv ?? d.keyEnv;
  const keyAdvice = (deps.keyAdvice ?? envKeyAdvice('the current folder'))(keyEnv);
  const target: HttpTarget = { provider: providerId, label, endpoint: base, keyEnv, keyAdvice };
  const logger = deps.logger ?? silentLogger;
  const policy: HttpPolicy = {
    transport: deps.fetch !== undefined ? fetchTransport(deps.fetch) : defaultTransport(),
    clock,
    sleep: deps.sleep ?? abortableSleep,
    random: deps.random ?? Math.random,
    logger,
    limiter: new AdaptiveLimiter(entry.concurrency ?? 8),
    timeoutMs: entry.timeoutMs ?? 120_000,
    maxRetries: entry.maxRetries ?? 3,
    maxResponseBytes: deps.maxResponseBytes ?? 16 * 1024 * 1024,
    maxRetryAfterMs: 120_000,
  };
  const needsApproval = entry.source === 'workspace' && entry.baseUrl !== undefined && (d.baseUrl === undefined || trimSlash(entry.baseUrl) !== trimSlash(d.baseUrl));
  let resolved: Promise<string | undefined> | undefined;
  const resolveKey = async (): Promise<string | undefined> => {
    const key = keyEnv === undefined ? undefined : await deps.credentials.get(keyEnv);
    if (key === undefined) {
      if (d.keyRequired || entry.apiKeyEnv !== undefined) {
        throw new ProviderError({
          kind: 'auth', provider: providerId, endpoint: base,
          message: `no API key for ${label}: ${keyAdvice}`,
        });
      }
      return undefined;
    }
    if (needsApproval) {
      const ok = deps.approveEndpoint ? await deps.approveEndpoint(providerId, base) : false;
      if (!ok) {
        throw new ProviderError({
          kind: 'config', provider: providerId, endpoint: base,
          message: `refused to send ${keyEnv} to ${base}: that endpoint comes from the workspace config${entry.configFile ? ` ${entry.configFile}` : ''}, not from you; approve it in VS Code, or pass --allow-workspace-endpoints to the CLI if you trust this workspace`,
        });
      }
    }
    return key;
  };
  const protocol = protocolFor(entry, providerId, label, base, logger);
  return createWireClient({
    target, protocol, policy, extraHeaders: entry.headers,
    resolveKey: () => {
      // A failed lookup is retried next time (the user may have just set the key); a success is remembered.
      resolved ??= resolveKey().catch((e: unknown) => {
        resolved = undefined;
        throw e;
      });
      return resolved;
    },
  });
}

function protocolFor(entry: ProviderConfig, provider: string, label: string, base: string, logger: Logger): WireProtocol {
  switch (entry.type) {
    case 'openai':
    case 'openai-compatible':
      return openAiProtocol({
        provider, label, endpoint: base, logger, flavour: entry.type === 'openai' ? 'openai' : 'compatible',
        route: (_model, key) => ({ url: `${base}/chat/completions`, headers: authHeader('authorization', key === undefined ? undefined : `Bearer ${key}`), sendModel: true }),
      });
    case 'azure':
      return openAiProtocol({ provider, label, endpoint: base, logger, flavour: 'azure', route: azureRoute(base, entry) });
    case 'anthropic':
      return anthropicProtocol({ provider, label, endpoint: base, logger });
    case 'gemini':
      return geminiProtocol({ provider, label, endpoint: base, logger });
    case 'ollama':
      return ollamaProtocol({ provider, label, endpoint: base, logger });
    case 'echo':
      throw new Error('echo has no wire protocol');
  }
}
