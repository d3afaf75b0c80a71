// Credential sources (environment, `.env` found upward, chains) and the redaction every error and log goes through.
import * as path from 'node:path';
import { ancestors } from '../ancestors';
import type { CredentialSource, FileSystem } from '../io';

/** Reads secrets from an environment map such as `process.env`; empty values count as unset. */
export function envCredentials(env: Readonly<Record<string, string | undefined>>): CredentialSource {
  return {
    get: (name) => {
      const v = env[name];
      return Promise.resolve(v === undefined || v.trim() === '' ? undefined : v.trim());
    },
  };
}

/** Tries each source in order and returns the first secret found. */
export function chainCredentials(...sources: readonly CredentialSource[]): CredentialSource {
  return {
    get: async (name) => {
      for (const s of sources) {
        const v = await s.get(name);
        if (v !== undefined && v !== '') return v;
      }
      return undefined;
    },
  };
}

/** Reads a `.env` file found in `startDir` or the nearest ancestor; the file is read once, on first use. */
export function dotenvCredentials(startDir: string, fs: FileSystem): CredentialSource {
  let loaded: Promise<Record<string, string>> | undefined;
  const load = async (): Promise<Record<string, string>> => {
    for (const dir of ancestors(startDir)) {
      const candidate = path.join(dir, '.env');
      if (await fs.exists(candidate)) {
        try {
          return parseDotenv(await fs.readFile(candidate));
        } catch {
          return {};
        }
      }
    }
    return {};
  };
  return {
    get: async (name) => {
      loaded ??= load();
      const v = (await loaded)[name];
      return v === undefined || v === '' ? undefined : v;
    },
  };
}

const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Parses `.env` text: `export` prefix, comments, single/double/backtick quotes, multi-line double-quoted values. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let i = 0;
  while (i < src.length) {
    const lineEnd = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
    const line = src.slice(i, lineEnd);
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*/.exec(line);
    if (!m) {
      i = lineEnd + 1;
      continue;
    }
    const key = m[1];
    let j = i + m[0].length;
    const quote = src[j];
    if (quote === '"' || quote === "'" || quote === '`') {
      // Quoted values may span lines; the value ends at the matching unescaped quote.
      let value = '';
      j++;
      while (j < src.length && src[j] !== quote) {
        if (quote === '"' && src[j] === '\\' && j + 1 < src.length) {
          const next = src[j + 1];
          value += escapes[next] ?? `\\${next}`;
          j += 2;
          continue;
        }
        value += src[j];
        j++;
      }
      out[key] = value;
      const end = src.indexOf('\n', j);
      i = end === -1 ? src.length : end + 1;
      continue;
    }
    let value = line.slice(m[0].length);
    const hash = value.search(/\s#/);
    if (hash !== -1) value = value.slice(0, hash);
    else if (value.startsWith('#')) value = '';
    out[key] = value.trim();
    i = lineEnd + 1;
  }
  return out;
}

// Shapes of well-known keys, redacted even when the caller did not know the secret (defence in depth).
const keyPatterns: readonly RegExp[] = [
  /\bsk-ant-[A-Za-z0-9_-]{16,}/g,
  /\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{16,}/gi,
];

/** Replaces every occurrence of each secret (and anything shaped like a known API key) with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    // Very short strings would redact ordinary words; real keys are long.
    if (s === undefined || s.length < 6) continue;
    out = out.split(s).join('[redacted]');
  }
  for (const re of keyPatterns) {
    out = out.replace(re, (_m: string, bearer?: string) => (typeof bearer === 'string' ? `${bearer}[redacted]` : '[redacted]'));
  }
  return out;
}

/** Redacts every string inside a JSON-like value. */
export function redactValue<T>(value: T, secrets: readonly (string | undefined)[]): T {
  return JSON.parse(redactSecrets(JSON.stringify(value) ?? 'null', secrets.map((s) => (s === undefined ? s : JSON.stringify(s).slice(1, -1))))) as T;
}
