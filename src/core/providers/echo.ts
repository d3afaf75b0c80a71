// The echo provider: returns the rendered prompt as the answer, so templates can be tested without a model.
import type { Message } from '../promptFile/model';
import type { Clock } from '../io';
import type { ChatRequest, ChatResponse, ProviderClient } from './types';
import { ProviderError } from './errors';

/** Label shown wherever an echo answer appears, so nobody mistakes it for model output. */
export const echoLabel = 'echo (no model)';

/** Renders messages as the echo answer: a lone message as its text, several as `[role]` blocks. */
export function echoText(messages: readonly Message[]): string {
  const render = (m: Message): string =>
    m.content.map((p) => ('text' in p ? p.text : `[media ${p.media.url.startsWith('data:') ? `${p.media.url.slice(0, p.media.url.indexOf(',') + 1)}…` : p.media.url}]`)).join('');
  if (messages.length === 1) return render(messages[0]);
  return messages.map((m) => `[${m.role}]\n${render(m)}`).join('\n\n');
}

/** A client that answers with the prompt itself; zero usage, no network. */
export function createEchoClient(clock: Clock): ProviderClient {
  return {
    id: 'echo',
    endpoint: 'echo:',
    chat(request: ChatRequest): Promise<ChatResponse> {
      if (request.signal?.aborted) {
        return Promise.reject(new ProviderError({ kind: 'cancelled', provider: 'echo', endpoint: 'echo:', message: 'request to echo cancelled' }));
      }
      const start = clock.now();
      const text = echoText(request.messages);
      if (request.stream === true && request.onChunk) {
        // Line by line, so streaming consumers see more than one chunk.
        for (const piece of text.split(/(?<=\n)/)) request.onChunk(piece);
      }
      return Promise.resolve({
        text,
        finishReason: 'stop',
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        latencyMs: clock.now() - start,
        model: request.model === '' ? 'echo' : request.model,
        raw: { provider: 'echo', label: echoLabel },
        attempts: 1,
      });
    },
  };
}
