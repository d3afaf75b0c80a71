// The models the editor offers: the built-in catalogue (context windows, prices) as `provider/model` entries.
import { catalog, findCatalogModel } from '../providers/pricing';
import type { ModelInfo } from './types';

let cached: readonly ModelInfo[] | undefined;

/** Every catalogued model, cheapest-first within each provider, in the catalogue's provider order. */
export function catalogModels(): readonly ModelInfo[] {
  cached ??= Object.entries(catalog.providers).flatMap(([provider, models]) =>
    Object.entries(models).map(([id, m]): ModelInfo => ({
      id: `${provider}/${id}`, provider, contextWindow: m.contextWindow, inputPerMillion: m.inputPerMTok, outputPerMillion: m.outputPerMTok,
    })));
  return cached;
}

/** The catalogue entry for a `provider/model` id, also for dated snapshots and aliases of a catalogued model. */
export function modelInfo(id: string, extra: readonly ModelInfo[] = []): ModelInfo | undefined {
  const own = extra.find((m) => m.id === id);
  if (own) return own;
  const slash = id.indexOf('/');
  if (slash <= 0) return undefined;
  const provider = id.slice(0, slash);
  const m = findCatalogModel(provider, id.slice(slash + 1));
  return m ? { id, provider, contextWindow: m.contextWindow, inputPerMillion: m.inputPerMTok, outputPerMillion: m.outputPerMTok } : undefined;
}
