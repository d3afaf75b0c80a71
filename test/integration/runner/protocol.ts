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
  /**
   * `grant`: wait until the workspace is trusted (the driver clicks "Trust" in the browser) before running tests.
   * `withhold`: the session tests Restricted Mode; running in a trusted workspace is an error.
   */
  readonly trust: 'grant' | 'withhold';
  /** Where the driver writes its answers to the suite's workbench requests (`<id>.json`, see UiRequest). */
  readonly uiDir: string;
}

/**
 * What a test asks the driver to do in the workbench page, for what the extension API cannot reach (a modal dialog
 * belongs to the workbench, not to the extension host). Sent as a `ui` report event; answered in `<uiDir>/<id>.json`.
 */
export type UiRequest =
  /** The text of the modal dialog shown now (message and detail), or null when none is. */
  | { readonly kind: 'dialog' }
  /** Waits for a modal dialog with this button, clicks it, and answers the dialog's text. */
  | { readonly kind: 'clickDialogButton'; readonly button: string; readonly timeoutMs: number };

export type UiAnswer = { readonly ok: true; readonly text: string | null } | { readonly ok: false; readonly error: string };

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
  | { readonly type: 'fatal'; readonly message: string }
  | { readonly type: 'ui'; readonly id: string; readonly request: UiRequest };

export const CONFIG_ENV = 'PROMPTOPS_IT_CONFIG';
