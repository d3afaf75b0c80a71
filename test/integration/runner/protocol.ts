// What the in-host runner and the driver exchange: a config file in, a JSON-lines report file out.
// The report is appended to line by line, so the driver can show progress and a crash leaves a readable trail.

/** Written by the driver; its path reaches the extension host in PROMPTOPS_IT_CONFIG. */
export interface HostConfig {
  /** Absolute path of the repo's mocha package (the extension host loads it from there). */
  readonly mochaPath: string;
  /** The bundled test files. */
  readonly suitePath: string;
  /** The JSON-lines report the runner appends to. */
  readonly reportPath: string;
  readonly grep?: string;
  readonly timeoutMs: number;
  /** Wait for the workspace to be trusted (the driver clicks "trust" in the browser) before running tests. */
  readonly waitForTrust: boolean;
}

export interface ReportedError {
  readonly message: string;
  readonly stack?: string;
  readonly actual?: string;
  readonly expected?: string;
  readonly showDiff?: boolean;
}

export type ReportEvent =
  | { readonly type: 'hello'; readonly vscodeVersion: string; readonly trusted: boolean }
  | { readonly type: 'suiteBegin'; readonly title: string }
  | { readonly type: 'suiteEnd' }
  | { readonly type: 'pass'; readonly title: string; readonly durationMs: number; readonly slowMs: number }
  | { readonly type: 'fail'; readonly title: string; readonly durationMs: number; readonly err: ReportedError }
  | { readonly type: 'pending'; readonly title: string }
  | { readonly type: 'end'; readonly passes: number; readonly failures: number; readonly pending: number }
  | { readonly type: 'fatal'; readonly message: string };

export const CONFIG_ENV = 'PROMPTOPS_IT_CONFIG';
