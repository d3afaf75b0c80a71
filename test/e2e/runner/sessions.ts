// The code-server sessions of an e2e run, one per colour theme. A theme is set in the user settings before its
// session starts (switching it mid-session was not picked up reliably): the main session runs every e2e test in the
// light theme; the dark, high-contrast and high-contrast light sessions run the theme tests (test/e2e/themes/), which
// check that the webviews follow the theme, not just photograph it, and the dark session also runs the outcome panel's
// tests, so its list, detail and HTML-looking output are seen working (and photographed) in a dark theme too.
import { findTestFiles } from '../../../scripts/harness/packaging';
import type { E2eTheme } from '../helpers/session';

export interface E2eSession {
  readonly name: string;
  readonly theme: E2eTheme;
  /** Repo-relative test files the session runs. */
  files(): string[];
}

export const lightTheme: E2eTheme = { name: 'light', colorTheme: 'Default Light Modern', workbenchClass: 'vs', webviewClass: 'vscode-light' };
export const darkTheme: E2eTheme = { name: 'dark', colorTheme: 'Default Dark Modern', workbenchClass: 'vs-dark', webviewClass: 'vscode-dark' };
export const highContrastTheme: E2eTheme = { name: 'high-contrast', colorTheme: 'Default High Contrast', workbenchClass: 'hc-black', webviewClass: 'vscode-high-contrast' };
export const highContrastLightTheme: E2eTheme = { name: 'high-contrast-light', colorTheme: 'Default High Contrast Light', workbenchClass: 'hc-light', webviewClass: 'vscode-high-contrast-light' };

export const e2eSessions: readonly E2eSession[] = [
  { name: 'main', theme: lightTheme, files: () => findTestFiles('test/e2e') },
  { name: 'dark', theme: darkTheme, files: () => [...findTestFiles('test/e2e/themes'), 'test/e2e/outcomes.test.ts'] },
  { name: 'high-contrast', theme: highContrastTheme, files: () => findTestFiles('test/e2e/themes') },
  { name: 'high-contrast-light', theme: highContrastLightTheme, files: () => findTestFiles('test/e2e/themes') },
];
