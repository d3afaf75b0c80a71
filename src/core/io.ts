// The small interfaces through which the core reaches the outside world; the CLI and the extension supply real
// implementations, unit tests supply in-memory fakes.

/** Reads files for the core (prompt partials, datasets, config). Paths are absolute. */
export interface FileSystem {
  readFile(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
  /**
   * A token that changes whenever the file's content may have changed (an open editor's version; on disk its
   * modification time, change time, size and inode), or undefined when the file cannot be looked at. Readers may keep
   * what they parsed from a file under it. Without this method nothing is kept.
   */
  version?(path: string): Promise<string | undefined>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Clock {
  now(): number;
}

/** Where API keys come from: SecretStorage, environment variables, `.env`. Never persisted by the core. */
export interface CredentialSource {
  /** Returns the secret for a name such as `OPENAI_API_KEY`, or undefined when none is set. */
  get(name: string): Promise<string | undefined>;
}

export const systemClock: Clock = { now: () => Date.now() };

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
