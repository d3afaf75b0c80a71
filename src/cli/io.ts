// What a command may touch of its process: streams, cwd, environment, and a cancellation signal.
// Tests call commands in-process with captured streams; main.ts wires the real process.

export interface OutStream {
  write(text: string): void;
  /** True for an interactive terminal: live progress and colour are allowed. */
  readonly isTTY: boolean;
  readonly columns?: number;
}

export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** Aborted on Ctrl-C. */
  readonly signal?: AbortSignal;
}

/** Exit codes: every command returns one of these. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** An error that already explains itself to the user (config, provider setup); exits 2 without a stack. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = EXIT_USAGE) {
    super(message);
    this.name = 'CliError';
  }
}
