// Builds the runner's collaborators from the real engine modules. The CLI and the extension both call this,
// supplying only what differs between them: credentials, endpoint approval, the store, the logger.
import { evaluateAssertions } from '../assertions/registry';
import type { PromptOpsConfig } from '../config/types';
import type { Clock, FileSystem, Logger } from '../io';
import { partialResolver } from '../promptFile/references';
import { render } from '../promptFile/render';
import { estimateCost } from '../providers/pricing';
import { createProviderClient, parseModelRef, type ProviderDeps } from '../providers/registry';
import type { ProviderClient, Usage } from '../providers/types';
import { cacheKey, sha256Hex } from '../store/key';
import { gitInfo } from '../versions/git';
import { gitInfoInRepos } from './gitScope';
import type { CacheKeyParts, RunnerDeps, RunnerStore } from './types';

export interface RunnerSetup {
  readonly config: Pick<PromptOpsConfig, 'providers' | 'defaultModel'>;
  readonly providerDeps: ProviderDeps;
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store?: RunnerStore;
  /** Defaults to the pricing catalogue with the config's price overrides. */
  readonly estimateCost?: (provider: string, model: string, usage: Usage | undefined) => number | undefined;
  /** Off in tests that build prompts outside a repository on purpose. */
  readonly useGit?: boolean;
}

/** The runner's collaborators wired to the real parser, providers, assertions, store and git. */
export function createRunnerDeps(setup: RunnerSetup): RunnerDeps {
  const clients = new Map<string, ProviderClient>();
  return {
    render: (document, filePath, vars, model) =>
      render(document, vars, {
        // Only prompts that include partials need a resolver; the rest skip the file lookups.
        ...(document.partials.length > 0 ? { resolvePartial: partialResolver(filePath, setup.fs) } : {}),
        ...(model !== undefined ? { modelOverride: model } : {}),
        ...(setup.config.defaultModel !== undefined ? { defaultModel: setup.config.defaultModel } : {}),
      }),
    client: (ref) => {
      const { provider, model } = parseModelRef(ref);
      let client = clients.get(provider);
      if (client === undefined) {
        client = createProviderClient(provider, setup.config, setup.providerDeps);
        clients.set(provider, client);
      }
      return Promise.resolve({ client, model });
    },
    evaluate: evaluateAssertions,
    cacheKey: repeatAwareCacheKey,
    estimateCost: setup.estimateCost ?? ((provider, model, usage) => estimateCost(setup.config, provider, model, usage)),
    ...(setup.store !== undefined ? { store: setup.store } : {}),
    ...(setup.useGit !== false ? { gitInfo: gitInfoInRepos(setup.fs, gitInfo) } : {}),
    now: () => setup.clock.now(),
    warn: (m) => setup.logger.warn(m),
  };
}

/** The store's cache key; each repetition beyond the first gets its own, so `repeat` samples the model anew. */
export function repeatAwareCacheKey(parts: CacheKeyParts): string {
  const base = cacheKey(parts);
  return parts.repeatIndex === 0 ? base : sha256Hex(`${base}#${parts.repeatIndex}`);
}
