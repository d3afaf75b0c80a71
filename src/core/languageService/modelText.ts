// How a model's facts are written in completion details, hovers and the status bar.
import type { ModelInfo } from './types';

/** `128k` for 128,000 tokens. */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(2)}M`;
  if (n >= 1_000) return `${+(n / 1_000).toFixed(1)}k`;
  return String(n);
}

/** `$0.15` per million tokens, with enough digits for cheap models. */
export function formatPrice(usdPerMillion: number): string {
  return `$${usdPerMillion < 1 ? +usdPerMillion.toFixed(3) : +usdPerMillion.toFixed(2)}`;
}

/** A dollar amount for one call or a suite: small sums keep significant digits. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(usd < 10 ? 3 : 2)}`;
}

/** One line: `128k context · $0.15 / $0.6 per 1M tokens in/out`. */
export function formatModelDetail(m: ModelInfo): string {
  const parts: string[] = [];
  if (m.contextWindow) parts.push(`${formatTokens(m.contextWindow)} context`);
  if (m.inputPerMillion !== undefined && m.outputPerMillion !== undefined) {
    parts.push(`${formatPrice(m.inputPerMillion)} / ${formatPrice(m.outputPerMillion)} per 1M tokens in/out`);
  }
  return parts.join(' · ') || m.provider;
}
