// Azure OpenAI: Chat Completions under /openai/deployments/<deployment>, an api-version query and an `api-key` header.
import type { ProviderConfig } from '../config/types';
import { authHeader } from './wire';

/** The api-version used when the config names none (latest GA data-plane version for chat completions). */
export const defaultAzureApiVersion = '2024-10-21';

/** Routes a model to its deployment URL: `deployments[model]`, else `deployment`, else the model name itself. */
export function azureRoute(base: string, entry: ProviderConfig): (model: string, key: string | undefined) => { url: string; headers: Record<string, string>; sendModel: boolean } {
  const apiVersion = entry.apiVersion ?? defaultAzureApiVersion;
  return (model, key) => {
    const deployment = entry.deployments?.[model] ?? entry.deployment ?? model;
    return {
      url: `${base}/openai/deployments/${encodeURIComponent(deployment)}/chat/completions?api-version=${encodeURIComponent(apiVersion)}`,
      headers: authHeader('api-key', key),
      // The deployment fixes the model; Azure ignores a body `model`, so it is not sent.
      sendModel: false,
    };
  };
}
