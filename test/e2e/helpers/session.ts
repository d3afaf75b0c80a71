// The shared state of an e2e run: one code-server with the packaged extension and one workbench page. The driver
// fills it in before mocha loads the test files; tests read it through `e2e()`.
import type { Page } from 'playwright-core';
import type { Session } from '../../../scripts/harness/session';

/** The colour theme a session runs in (set in the user settings before code-server starts). */
export interface E2eTheme {
  readonly name: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  /** The `workbench.colorTheme` setting. */
  readonly colorTheme: string;
  /** The class VS Code puts on `.monaco-workbench` for the theme's kind. */
  readonly workbenchClass: 'vs' | 'vs-dark' | 'hc-black' | 'hc-light';
  /** The class VS Code puts on a webview's `<body>` for the theme's kind (a high-contrast light theme also gets
   *  `vscode-high-contrast`, for webviews written before light high-contrast themes existed). */
  readonly webviewClass: 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast' | 'vscode-high-contrast-light';
}

export interface E2eContext {
  readonly page: Page;
  readonly session: Session;
  /** The workspace folder the workbench has open (a fresh copy of test/fixtures/workspaces/basic). */
  readonly workspace: string;
  /** This run's own screenshot folder (test-results/screenshots/<run>/), shared by the run's sessions. */
  readonly screenshotsDir: string;
  readonly theme: E2eTheme;
}

let current: E2eContext | undefined;

/** Called by the driver once the workbench is open. */
export function setE2eContext(context: E2eContext): void {
  current = context;
}

/** The running e2e context; throws when a test file is run outside the e2e driver. */
export function e2e(): E2eContext {
  if (!current) throw new Error('no e2e session: run e2e tests with `npm run test:e2e`');
  return current;
}
