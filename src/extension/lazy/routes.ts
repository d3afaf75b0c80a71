// The seam between the two extension bundles. `dist/extension.js` (activation) registers these contributions with
// stubs at once, because VS Code needs them before any feature is used; `dist/extension-features.js` takes them over
// when it is loaded. Both bundles compile this file; it holds no state.
import type * as vscode from 'vscode';

/** The contributions VS Code may need before any feature is used, as the manifest declares them. */
export interface ManifestRoutes {
  /** Every contributed command: the palette, menus, keybindings and walkthrough links need them at once. */
  readonly commands: readonly string[];
  /** Contributed webview views: VS Code resolves them through whatever provider is registered. */
  readonly webviewViews: readonly string[];
  /** Webview panels VS Code revives after a reload (the `onWebviewPanel:` activation events). */
  readonly panelSerializers: readonly string[];
}

interface Manifest {
  readonly activationEvents?: readonly string[];
  readonly contributes?: {
    readonly commands?: readonly { readonly command?: string }[];
    readonly views?: Readonly<Record<string, readonly { readonly id?: string; readonly type?: string }[]>>;
  };
}

/** Reads the routed contributions from package.json, so a new contribution is stubbed without another list to edit. */
export function manifestRoutes(packageJSON: unknown): ManifestRoutes {
  const m = (packageJSON ?? {}) as Manifest;
  const strings = (xs: readonly (string | undefined)[]): string[] => xs.filter((x): x is string => typeof x === 'string');
  return {
    commands: strings((m.contributes?.commands ?? []).map((c) => c.command)),
    webviewViews: strings(Object.values(m.contributes?.views ?? {}).flat().filter((v) => v.type === 'webview').map((v) => v.id)),
    panelSerializers: strings((m.activationEvents ?? []).map((e) => /^onWebviewPanel:(.+)$/.exec(e)?.[1])),
  };
}

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
