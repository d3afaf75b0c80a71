// The resolved workspace configuration (promptops.config.yaml) that the CLI, the extension and the engine consume.

export type ProviderType = 'openai' | 'azure' | 'anthropic' | 'gemini' | 'ollama' | 'openai-compatible' | 'echo';

/** USD per million tokens. */
export interface ModelPrice {
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
}

export interface ProviderConfig {
  readonly type: ProviderType;
  readonly baseUrl?: string;
  /** Name of the environment variable (or secret) that holds the key, never the key itself. */
  readonly apiKeyEnv?: string;
  /** Azure only. */
  readonly apiVersion?: string;
  /** Azure: the deployment used when a model has no entry in `deployments`. */
  readonly deployment?: string;
  /** Azure: model name → deployment name. */
  readonly deployments?: Readonly<Record<string, string>>;
  /** Extra non-secret request headers. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly concurrency?: number;
  /** Price overrides by model id. */
  readonly prices?: Readonly<Record<string, ModelPrice>>;
  /** Where the entry came from: a `workspace` entry that sends a key to its own baseUrl needs the user's approval. */
  readonly source?: 'workspace' | 'user';
  /** The file that defined it, for messages. */
  readonly configFile?: string;
}

export interface CacheConfig {
  /** Absolute path of the response cache. */
  readonly dir: string;
  readonly ttlDays: number;
  readonly maxSizeMB: number;
}

export interface PromptOpsConfig {
  /** `provider/model` used when a prompt file names none. */
  readonly defaultModel?: string;
  readonly providers: Readonly<Record<string, ProviderConfig>>;
  readonly cache: CacheConfig;
  /** Requests in flight across the whole run. */
  readonly concurrency: number;
  /** `provider/model` that grades `llm-rubric` assertions when the assertion names none. */
  readonly grader?: string;
}

export interface LoadedConfig {
  readonly config: PromptOpsConfig;
  /** The file read, or undefined when none was found (defaults apply). */
  readonly path?: string;
  /** What is wrong with the file, each with its line; when non-empty, `config` holds the defaults plus what was valid. */
  readonly problems: readonly ConfigProblem[];
}

export interface ConfigProblem {
  /** 1-based line in the config file. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** Dotted key path (`providers.azure.baseUrl`). */
  readonly path: string;
  readonly message: string;
}
