// Token counts of rendered messages: exact with OpenAI's own encodings for OpenAI models, an estimate (marked) for
// every other provider, whose tokenizers are not public. Nothing here calls a provider.
import type { Message } from '../promptFile/model';

export interface TokenCount {
  readonly tokens: number;
  /** False when the count is an estimate (another provider's tokenizer, or media parts). */
  readonly exact: boolean;
}

type Encoding = 'o200k_base' | 'cl100k_base';

interface Encoder {
  encode(text: string): number[];
}

const encoders = new Map<Encoding, Promise<Encoder>>();

/** Loads an encoding on first use: building its rank table takes about a second, so never at activation. */
function encoder(name: Encoding): Promise<Encoder> {
  let e = encoders.get(name);
  if (!e) {
    e = name === 'o200k_base' ? import('gpt-tokenizer/encoding/o200k_base') : import('gpt-tokenizer/encoding/cl100k_base');
    encoders.set(name, e);
  }
  return e;
}

/** The encoding an OpenAI model uses, or undefined when the model is not an OpenAI one we know. */
export function openAiEncoding(model: string | undefined): Encoding | undefined {
  if (!model) return undefined;
  const slash = model.indexOf('/');
  const provider = slash >= 0 ? model.slice(0, slash) : '';
  const id = slash >= 0 ? model.slice(slash + 1) : model;
  if (provider !== 'openai' && provider !== 'azure') return undefined;
  if (/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|gpt-oss)/.test(id)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5)/.test(id)) return 'cl100k_base';
  return undefined;
}

/** Chat framing per message and per reply, as OpenAI documents for its chat models. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

/** Counts a text's tokens with the model's encoding (o200k as the estimate for other models). */
export async function countTextTokens(text: string, model?: string): Promise<TokenCount> {
  const enc = openAiEncoding(model);
  return { tokens: (await encoder(enc ?? 'o200k_base')).encode(text).length, exact: enc !== undefined };
}

/** Counts the tokens a model reads for these messages, framing included. */
export async function countMessageTokens(messages: readonly Message[], model?: string): Promise<TokenCount> {
  const enc = openAiEncoding(model);
  const e = await encoder(enc ?? 'o200k_base');
  let tokens = TOKENS_PER_REPLY;
  let exact = enc !== undefined;
  for (const m of messages) {
    tokens += TOKENS_PER_MESSAGE + e.encode(m.role === 'model' ? 'assistant' : m.role).length;
    for (const p of m.content) {
      if ('text' in p) tokens += e.encode(p.text).length;
      else exact = false;
    }
  }
  return { tokens, exact };
}

/** `1,234` or `~1,234` when estimated. */
export function formatCount(c: TokenCount): string {
  return `${c.exact ? '' : '~'}${c.tokens.toLocaleString('en-US')}`;
}
