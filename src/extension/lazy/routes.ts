// The seam between the two extension bundles. `dist/extension.js` (activation) registers these contributions with
// stubs at once, because VS Code needs them before any feature is used; `dist/extension-features.js` takes them over
// when it is loaded. Both bundles compile this file; it holds no state.
import type * as vscode from 'vscode';

/** Every command the manifest contributes: the palette, menus, keybindings and walkthrough links need them at once. */
export const ROUTED_COMMANDS = [
  'promptops.newPromptFile',
  'promptops.runTests',
  'promptops.runPrompt',
  'promptops.cancelTestRuns',
  'promptops.setApiKey',
  'promptops.removeApiKey',
  'promptops.testConnection',
  'promptops.showOutcomes',
  'promptops.compareWithHead',
  'promptops.compareVersions',
  'promptops.openPreview',
] as const;

/** Webview views of the manifest: VS Code resolves them through whatever provider is registered. */
export const ROUTED_WEBVIEW_VIEWS = ['promptops.outcomes'] as const;

/** Webview panels that VS Code revives after a reload (the `onWebviewPanel:` activation events). */
export const ROUTED_PANEL_SERIALIZERS = ['promptops.diff', 'promptops.preview'] as const;

/** The one TestController: it exists from activation so the Testing view can ask it for tests. */
export const TEST_CONTROLLER_ID = 'promptops';

export type CommandHandler = (...args: unknown[]) => unknown;

/** What the activation bundle hands the features bundle; each method answers undefined for what it does not route. */
export interface FeatureRoutes {
  command(id: string, handler: CommandHandler): vscode.Disposable | undefined;
  webviewView(viewType: string, provider: vscode.WebviewViewProvider): vscode.Disposable | undefined;
  panelSerializer(viewType: string, serializer: vscode.WebviewPanelSerializer): vscode.Disposable | undefined;
  testController(id: string, label: string): vscode.TestController | undefined;
}
