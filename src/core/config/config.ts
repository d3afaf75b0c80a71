// Finds promptops.config.yaml (or .yml) upward from a folder, validates it, and resolves it into the config the engine uses.
// Problems come back with the file's line and column and a sentence saying what to change; it never throws.
import * as path from 'node:path';
import { ancestors } from '../ancestors';
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import type { FileSystem } from '../io';
import type { ConfigProblem, LoadedConfig, PromptOpsConfig, ProviderConfig, ProviderType } from './types';
import { configFileNames } from './fileNames';
import { configSchema, providerTypes, type RawConfig } from './schema';

export { configJsonSchema } from './schema';
export type { PromptOpsConfig, LoadedConfig, ConfigProblem, ProviderConfig } from './types';

const builtIn = new Set(['openai', 'azure', 'anthropic', 'gemini', 'ollama', 'echo']);

/** The configuration used when there is no file. */
export function defaultConfig(baseDir: string): PromptOpsConfig {
  return { providers: {}, cache: { dir: path.resolve(baseDir, '.promptops/cache'), ttlDays: 30, maxSizeMB: 500 }, concurrency: 4 };
}

/** The outcome store folder for a config: the cache lives in `<store>/cache`, so a `cache` folder's parent is the store. */
export function storeDirOf(config: PromptOpsConfig): string {
  return path.basename(config.cache.dir) === 'cache' ? path.dirname(config.cache.dir) : config.cache.dir;
}

/**
 * Finds the config file (promptops.config.yaml, or promptops.config.yml) in `startDir` or the nearest ancestor and loads
 * it; defaults when none exists. A folder with both is a problem, since only one of them could be meant.
 */
export async function loadConfig(startDir: string, fs: FileSystem): Promise<LoadedConfig> {
  for (const dir of ancestors(startDir)) {
    const found: string[] = [];
    for (const name of configFileNames) {
      const candidate = path.join(dir, name);
      if (await fs.exists(candidate)) found.push(candidate);
    }
    if (found.length === 0) continue;
    const candidate = found[0];
    const both: ConfigProblem[] = found.length > 1
      ? [{ line: 1, column: 1, path: '', message: `${path.basename(found[1])} is in the same folder, and only one config file is read: merge them into ${path.basename(candidate)} and delete the other` }]
      : [];
    let text: string;
    try {
      text = await fs.readFile(candidate);
    } catch (e) {
      return { config: defaultConfig(dir), path: candidate, problems: [{ line: 1, column: 1, path: '', message: `cannot read the file: ${e instanceof Error ? e.message : String(e)}` }, ...both] };
    }
    const parsed = parseConfig(text, candidate);
    return { config: parsed.config, problems: [...both, ...parsed.problems], path: candidate };
  }
  return { config: defaultConfig(path.resolve(startDir)), problems: [] };
}

// Shapes of real keys and tokens; a config holding one is rejected so the key never gets committed.
const secretShapes = [/^sk-[A-Za-z0-9_-]{16,}/, /^sk-ant-/, /^AIza[0-9A-Za-z_-]{30,}/, /^Bearer\s+\S{8,}/i, /^gh[pousr]_[A-Za-z0-9]{20,}/, /^xox[abpr]-/];
const secretKeyNames = /^(api[-_]?key|apikey|key|token|secret|password|access[-_]?token|auth)$/i;
const secretHeaderNames = /^(authorization|proxy-authorization|api-key|x-api-key|x-goog-api-key|cookie)$/i;

/** True for strings shaped like an API key or token (known prefixes, or a long opaque run of key characters). */
export function looksLikeSecret(value: string): boolean {
  const v = value.trim();
  if (secretShapes.some((re) => re.test(v))) return true;
  return v.length >= 32 && /^[A-Za-z0-9_\-+/=.]+$/.test(v) && /[0-9]/.test(v) && /[A-Za-z]/.test(v) && !/^[A-Z0-9_]+$/.test(v) && !v.includes('/');
}

/** One problem as `file:line:col: key.path: message`, the key path left out when the problem is the whole file's. */
export function formatConfigProblem(file: string, p: ConfigProblem): string {
  return `${file}:${p.line}:${p.column}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`;
}

/** Validates config text and resolves it; `file` is used for relative paths and messages. */
export function parseConfig(text: string, file: string): { config: PromptOpsConfig; problems: ConfigProblem[] } {
  const baseDir = path.dirname(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: ConfigProblem[] = [];
  const at = (offset: number | undefined, keyPath: string, message: string): void => {
    const pos = lineCounter.linePos(offset ?? 0);
    problems.push({ line: pos.line, column: pos.col, path: keyPath, message });
  };
  for (const e of doc.errors) at(e.pos[0], '', `YAML error: ${e.message.split('\n')[0] ?? e.message}`);
  if (doc.errors.length > 0) return { config: defaultConfig(baseDir), problems };
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) return { config: defaultConfig(baseDir), problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    // zod would say "expected object, received string", which does not say what the file should hold.
    at(doc.contents?.range?.[0], '', `the config must be a mapping of keys such as providers:, defaultModel: and cache:, not ${Array.isArray(data) ? 'a list' : `a single ${typeof data} value`}`);
    return { config: defaultConfig(baseDir), problems };
  }
  const secretPaths = findSecrets(doc, data, [], at);
  const result = configSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const p = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) {
          const full = [...p, k];
          if (secretPaths.has(full.join('.'))) continue;
          at(keyOffset(doc, full), full.join('.'), `unknown key '${k}'${hint(k, p)}`);
        }
        continue;
      }
      const key = p.join('.');
      if (secretPaths.has(key)) continue;
      at(valueOffset(doc, p), key, issue.message);
    }
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  if (problems.length > 0) return { config: defaultConfig(baseDir), problems };
  const raw = result.data as RawConfig;
  const config = resolve(raw, baseDir, file, doc, at);
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { config, problems };
}

function resolve(raw: RawConfig, baseDir: string, file: string, doc: Document, at: (offset: number | undefined, keyPath: string, message: string) => void): PromptOpsConfig {
  const d = defaultConfig(baseDir);
  const providers: Record<string, ProviderConfig> = {};
  for (const [name, p] of Object.entries(raw.providers ?? {})) {
    const type: ProviderType | undefined = p.type ?? (builtIn.has(name) ? (name as ProviderType) : undefined);
    if (type === undefined) {
      at(keyOffset(doc, ['providers', name]), `providers.${name}`, `'${name}' is not a built-in provider: add type: (one of ${providerTypes.join(', ')})`);
      continue;
    }
    if ((type === 'azure' || type === 'openai-compatible') && p.baseUrl === undefined) {
      at(keyOffset(doc, ['providers', name]), `providers.${name}`, `a ${type} provider needs baseUrl${type === 'azure' ? ' (https://<resource>.openai.azure.com)' : ' (e.g. http://localhost:1234/v1)'}`);
      continue;
    }
    if (p.baseUrl !== undefined) {
      const u = new URL(p.baseUrl);
      if (u.username !== '' || u.password !== '' || [...u.searchParams.keys()].some((k) => /key|token|secret/i.test(k))) {
        at(valueOffset(doc, ['providers', name, 'baseUrl']), `providers.${name}.baseUrl`, 'baseUrl must not carry credentials; name the env var that holds the key with apiKeyEnv');
        continue;
      }
    }
    providers[name] = { ...p, type, source: 'workspace', configFile: file };
  }
  // A file in the repository cannot allow the repository's own code to run; whoever runs the tests decides.
  if (raw.allowJavascript === true) {
    at(valueOffset(doc, ['allowJavascript']), 'allowJavascript', 'javascript assertions cannot be allowed from promptops.config.yaml, since they run code from this repository: remove the key, pass --allow-javascript to promptops test, and trust the workspace in VS Code');
  }
  for (const key of ['defaultModel', 'grader'] as const) {
    const ref = raw[key];
    const provider = ref === undefined || ref === 'echo' ? undefined : ref.slice(0, ref.indexOf('/'));
    if (provider !== undefined && !builtIn.has(provider) && !(provider in providers) && !(provider in (raw.providers ?? {}))) {
      at(valueOffset(doc, [key]), key, `provider '${provider}' is neither built in (${[...builtIn].join(', ')}) nor defined under providers:`);
    }
  }
  return {
    defaultModel: raw.defaultModel,
    grader: raw.grader,
    providers,
    cache: { dir: raw.cache?.dir !== undefined ? path.resolve(baseDir, raw.cache.dir) : d.cache.dir, ttlDays: raw.cache?.ttlDays ?? d.cache.ttlDays, maxSizeMB: raw.cache?.maxSizeMB ?? d.cache.maxSizeMB },
    concurrency: raw.concurrency ?? d.concurrency,
  };
}

/** Reports literal secrets anywhere in the file; returns their paths so schema errors for them are not repeated. */
function findSecrets(doc: Document, value: unknown, p: (string | number)[], at: (offset: number | undefined, keyPath: string, message: string) => void, found = new Set<string>()): Set<string> {
  // YAML aliases can make the data cyclic; real config is shallow.
  if (p.length > 12) return found;
  if (Array.isArray(value)) value.forEach((v, i) => findSecrets(doc, v, [...p, i], at, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const full = [...p, k];
      const inHeaders = p[p.length - 1] === 'headers';
      if (typeof v === 'string' && (secretKeyNames.test(k) || (inHeaders && secretHeaderNames.test(k)))) {
        found.add(full.join('.'));
        at(keyOffset(doc, full), full.join('.'), inHeaders
          ? `header '${k}' would hold a secret, and secrets never live in promptops.config.yaml: the key is sent for you; name its env var with apiKeyEnv`
          : `'${k}' would hold a secret in a file that gets committed: remove it and name the environment variable instead, e.g. apiKeyEnv: OPENAI_API_KEY`);
      } else findSecrets(doc, v, full, at, found);
    }
  } else if (typeof value === 'string' && looksLikeSecret(value)) {
    found.add(p.join('.'));
    at(valueOffset(doc, p), p.join('.'), 'this looks like a literal API key: keys never live in promptops.config.yaml; put it in an environment variable (or PromptOps: Set API Key) and write apiKeyEnv: THAT_VARIABLE_NAME');
  }
  return found;
}

function nodeAt(doc: Document, p: readonly (string | number)[]): { key?: Node; value?: Node } {
  let current: unknown = doc.contents;
  let key: Node | undefined;
  for (const seg of p) {
    if (!isMap(current) && !(current !== null && typeof current === 'object' && 'items' in current)) return { key };
    const items = (current as { items: unknown[] }).items;
    const pair = isMap(current) ? items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg)) : items[Number(seg)];
    if (pair === undefined) return { key };
    if (isPair(pair)) {
      key = pair.key as Node;
      current = pair.value;
    } else {
      current = pair;
    }
  }
  return { key, value: current as Node | undefined };
}

function keyOffset(doc: Document, p: readonly (string | number)[]): number | undefined {
  const n = nodeAt(doc, p);
  return n.key?.range?.[0] ?? n.value?.range?.[0];
}

function valueOffset(doc: Document, p: readonly (string | number)[]): number | undefined {
  const n = nodeAt(doc, p);
  return n.value?.range?.[0] ?? n.key?.range?.[0];
}

const known: Record<string, readonly string[]> = {
  '': Object.keys(configSchema.shape),
  provider: ['type', 'baseUrl', 'apiKeyEnv', 'apiVersion', 'deployment', 'deployments', 'headers', 'timeoutMs', 'maxRetries', 'concurrency', 'prices'],
  cache: ['dir', 'ttlDays', 'maxSizeMB'],
};

function hint(k: string, parent: readonly (string | number)[]): string {
  const options = parent.length === 0 ? known[''] : parent[0] === 'providers' && parent.length === 2 ? known['provider'] : parent[0] === 'cache' ? known['cache'] : undefined;
  if (!options) return '';
  const close = options.find((o) => o.toLowerCase() === k.toLowerCase() || distance(o.toLowerCase(), k.toLowerCase()) <= 2);
  return close ? `: did you mean '${close}'?` : `: expected one of ${options.join(', ')}`;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
