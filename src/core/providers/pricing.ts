// Cost from the price catalogue (catalog.json, dated) with per-config overrides. Unknown models cost `undefined`
// ("cost unknown"), never a made-up zero; echo and a local Ollama are free, so they cost an explicit 0.
import catalogData from './catalog.json';
import type { PromptOpsConfig } from '../config/types';
import type { Usage } from './types';

export interface CatalogModel {
  readonly contextWindow: number;
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
  readonly aliases?: readonly string[];
  /** A higher tier for prompts above a size (Gemini 2.5 Pro). */
  readonly longContext?: { readonly aboveInputTokens: number; readonly inputPerMTok: number; readonly outputPerMTok: number };
}

export interface Catalog {
  /** The date the prices were checked against the providers' pages. */
  readonly pricesAsOf: string;
  readonly sources: Readonly<Record<string, string>>;
  readonly providers: Readonly<Record<string, Readonly<Record<string, CatalogModel>>>>;
}

/** The model catalogue (context windows and prices), for completion, hover and cost. */
export const catalog: Catalog = catalogData;

export type PriceOverrides = Readonly<Record<string, { readonly inputPerMTok: number; readonly outputPerMTok: number }>>;

// Dated snapshots and aliases of a catalogued model (`gpt-4o-mini-2024-07-18`, `claude-sonnet-4-5-20250929`,
// `gemini-2.0-flash-001`, `claude-3-5-haiku-latest`) cost what the model costs.
const snapshotSuffix = /^-(\d{4}-\d{2}-\d{2}|\d{8}|latest|\d{3})$/;

/** Finds a model in the catalogue by id, alias, or dated snapshot of a catalogued id. */
export function findCatalogModel(provider: string, model: string): (CatalogModel & { readonly id: string }) | undefined {
  const models = catalog.providers[provider];
  if (!models) return undefined;
  const id = provider === 'ollama' ? model.replace(/:latest$/, '') : model.replace(/^models\//, '');
  const exact = models[id];
  if (exact) return { ...exact, id };
  let best: string | undefined;
  for (const [key, m] of Object.entries(models)) {
    if (m.aliases?.includes(id)) return { ...m, id: key };
    const matches = provider === 'ollama' ? id.startsWith(`${key}:`) : id.startsWith(key) && snapshotSuffix.test(id.slice(key.length));
    if (matches && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : { ...models[best], id: best };
}

function isLocal(baseUrl: string | undefined): boolean {
  if (baseUrl === undefined) return true;
  try {
    const host = new URL(baseUrl).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
  } catch {
    return false;
  }
}

/**
 * Estimated cost in USD, or undefined when unknown. Two forms: `(provider, model, usage, overrides?)` where provider
 * is a provider type, and `(config, providerId, model, usage)` which resolves configured names, endpoints and price
 * overrides.
 */
export function estimateCost(provider: string, model: string, usage: Usage | undefined, overrides?: PriceOverrides): number | undefined;
export function estimateCost(config: Pick<PromptOpsConfig, 'providers'>, provider: string, model: string, usage: Usage | undefined): number | undefined;
export function estimateCost(a: string | Pick<PromptOpsConfig, 'providers'>, b: string, c: string | Usage | undefined, d?: PriceOverrides | Usage): number | undefined {
  if (typeof a === 'string') return costFor(a, b, c as Usage | undefined, d as PriceOverrides | undefined, true);
  const entry = a.providers[b];
  const type = entry?.type ?? b;
  const free = type === 'ollama' ? isLocal(entry?.baseUrl) : true;
  // Azure and compatible servers bill by deployment or by host; only an override in config gives their price.
  const catalogued = type === 'openai' || type === 'anthropic' || type === 'gemini' || type === 'ollama' || type === 'echo';
  return costFor(catalogued ? type : `config:${b}`, c as string, d, entry?.prices, free);
}

function costFor(provider: string, model: string, usage: Usage | undefined, overrides: PriceOverrides | undefined, localIsFree: boolean): number | undefined {
  if (provider === 'echo') return 0;
  const override = overrides?.[model];
  if (provider === 'ollama' && localIsFree && !override) return 0;
  if (!usage || usage.inputTokens === undefined || usage.outputTokens === undefined) return undefined;
  let price: { inputPerMTok: number; outputPerMTok: number } | undefined = override;
  if (!price) {
    const m = findCatalogModel(provider, model);
    // A remote Ollama (ollama.com, a shared server) is not free, and the catalogue's zeros only mean "local".
    if (!m || provider === 'ollama') return undefined;
    price = m.longContext && usage.inputTokens > m.longContext.aboveInputTokens ? m.longContext : m;
  }
  return (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
}
