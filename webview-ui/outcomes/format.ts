// Display formats for the outcome list and detail. Pure, so the exact strings are unit-tested.

/** `850 ms`, `1.24 s`, `2 min 5 s`; empty for unknown. */
export function formatLatency(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  return `${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
}

/** US dollars with enough digits to tell cheap calls apart: `$0.00042`, `$0.013`, `$1.20`. */
export function formatCost(usd: number | undefined): string {
  if (usd === undefined || !Number.isFinite(usd)) return '';
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(usd < 1 ? 3 : 2)}`;
}

/** `120 → 45` (input → output tokens), or the one that is known. */
export function formatTokens(input: number | undefined, output: number | undefined): string {
  if (input === undefined && output === undefined) return '';
  if (input === undefined) return `→ ${output}`;
  if (output === undefined) return `${input} →`;
  return `${input} → ${output}`;
}

export function formatScore(score: number | undefined): string {
  return score === undefined || !Number.isFinite(score) ? '' : score.toFixed(2);
}

/** `just now`, `5 min ago`, `3 h ago`, `4 d ago`, then the date. */
export function formatWhen(time: number, now: number): string {
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return `${days} d ago`;
  return new Date(time).toISOString().slice(0, 10);
}

export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** Pretty JSON when the text parses as JSON, otherwise undefined. */
export function tryParseJson(text: string): { readonly value: unknown } | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || !'{["'.includes(trimmed[0]) && !/^(-?\d|true|false|null)/.test(trimmed)) return undefined;
  try {
    return { value: JSON.parse(trimmed) as unknown };
  } catch {
    return undefined;
  }
}
