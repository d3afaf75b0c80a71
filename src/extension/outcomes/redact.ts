// Secrets never reach the panel, its exports or the clipboard: provider metadata is redacted again here even though
// providers already redact, because records on disk may come from an older or foreign writer.

const secretKey = /^(authorization|proxy-authorization|x-api-key|api[-_]?key|x-goog-api-key|api-key|cookie|set-cookie|password|passwd|secret|client[-_]?secret|access[-_]?token|refresh[-_]?token|id[-_]?token|session[-_]?token|bearer|private[-_]?key)$/i;

// Shapes of credentials that show up inside free text: bearer headers, OpenAI/Anthropic-style keys, Google API keys.
const secretText: readonly RegExp[] = [
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g,
  /\bsk-[A-Za-z0-9_-]{12,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
];
// `key=` style query parameters in URLs keep their name so the reader sees what was there.
const secretParam = /([?&](?:key|api[-_]?key|access_token|token)=)[^&#\s"']+/gi;

export const redactedMark = '[redacted]';

/** Replaces credential-looking substrings of a string. */
export function redactText(text: string): string {
  let out = text;
  for (const re of secretText) out = out.replace(re, redactedMark);
  return out.replace(secretParam, `$1${redactedMark}`);
}

/** A deep copy with secret-named keys and credential-looking strings redacted; cycles and depth are bounded. */
export function redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 32 || seen.has(value)) return '[…]';
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((v) => redactValue(v, depth + 1, seen));
  } else {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      copy[k] = secretKey.test(k) ? redactedMark : redactValue(v, depth + 1, seen);
    }
    out = copy;
  }
  // Only the current path counts as a cycle; the same object reached twice by different paths is copied twice.
  seen.delete(value);
  return out;
}
