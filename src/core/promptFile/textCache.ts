// A bounded cache keyed by long texts (template pieces, frontmatter chunks). A Map keyed by the text hashes every
// character of it twice per miss (on the lookup, then on the insert of the detached copy), which cost more than a
// cold parse's reading of the piece; here an entry is found by a cheap sampled fingerprint and confirmed by comparing
// the whole text, so a fingerprint shared by two texts costs a miss, never a wrong answer.

interface Entry<V> {
  readonly text: string;
  readonly tag: number;
  readonly value: V;
}

/** A least-recently-used cache from (text, tag) to a value, holding at most `max` entries. */
export class TextCache<V> {
  private readonly entries = new Map<number, Entry<V>>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value stored for exactly this text and tag (`key` is their fingerprint); a hit becomes the most recently used entry. */
  get(key: number, text: string, tag: number): V | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined || hit.tag !== tag || hit.text !== text) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  /**
   * Stores a value under the fingerprint `key` of (text, tag); it replaces any entry with the same fingerprint. `text`
   * should share no storage with a larger string it would keep alive.
   */
  set(key: number, text: string, tag: number, value: V): void {
    if (!this.entries.delete(key) && this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as number);
    this.entries.set(key, { text, tag, value });
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Characters read for a fingerprint besides the first and last 16: about 32, evenly spread. */
const SAMPLES = 32;
const ENDS = 16;

/** A 32-bit fingerprint of the length, the tag, the first and last 16 characters and an even sample of the rest. */
export function fingerprint(text: string, tag: number): number {
  const n = text.length;
  let h = Math.imul(n, 0x9e3779b1) ^ tag;
  const head = Math.min(n, ENDS);
  for (let i = 0; i < head; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  const tailFrom = Math.max(head, n - ENDS);
  const step = Math.max(1, Math.floor((tailFrom - head) / SAMPLES));
  for (let i = head; i < tailFrom; i += step) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  for (let i = tailFrom; i < n; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}
