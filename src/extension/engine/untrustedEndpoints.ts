// Restricted Mode for provider endpoints: in an untrusted workspace nothing is sent to an endpoint that the
// workspace itself defined (promptops.config.yaml or workspace settings), with or without a key. The core asks for
// approval only before a key goes out, so a keyless endpoint (a local server, an OpenAI-compatible proxy) is held
// back here, at the one fetch every provider client of the session uses.
import type { PromptOpsConfig } from '../../core/config/types';
import { ProviderError } from '../../core/providers/errors';
import type { FetchFn } from '../../core/providers/http';

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Why a workspace-defined endpoint gets nothing while the workspace is untrusted, naming where it was defined. */
export function untrustedEndpointError(provider: string, endpoint: string, config: PromptOpsConfig): ProviderError {
  const from = config.providers[provider]?.configFile ?? 'the workspace config';
  return new ProviderError({
    kind: 'config',
    provider,
    endpoint,
    message: `nothing sent to ${endpoint}: the workspace is not trusted, and ${provider}'s endpoint comes from ${from}, not from you. Trust the workspace (Workspaces: Manage Workspace Trust) to use it, or define the endpoint in your user settings.`,
  });
}

/**
 * A fetch that refuses every URL under a workspace-defined baseUrl (unless the user's own settings define the same
 * endpoint), for the sessions of an untrusted workspace.
 */
export function untrustedFetch(config: PromptOpsConfig, inner: FetchFn = (url, init) => fetch(url, init)): FetchFn {
  const userBases = new Set(Object.values(config.providers).filter((p) => p.source !== 'workspace' && p.baseUrl).map((p) => trimSlash(p.baseUrl!)));
  const blocked = Object.entries(config.providers)
    .filter(([, p]) => p.source === 'workspace' && p.baseUrl !== undefined && !userBases.has(trimSlash(p.baseUrl)))
    .map(([id, p]) => ({ id, base: trimSlash(p.baseUrl!) }));
  return (url, init) => {
    const hit = blocked.find((b) => url === b.base || url.startsWith(`${b.base}/`) || url.startsWith(`${b.base}?`));
    if (hit) return Promise.reject(untrustedEndpointError(hit.id, hit.base, config));
    return inner(url, init);
  };
}
