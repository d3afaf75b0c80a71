// The `vscode` module as the features bundle sees it: scripts/build.mjs resolves every `vscode` import of that bundle
// here. It is the real API, except that registering a contribution the activation bundle already stubbed (see
// routes.ts) hands the implementation to that stub instead of registering the id a second time, which VS Code
// refuses. So feature modules keep calling `vscode.commands.registerCommand` & co. as if nothing were lazy.
import * as vscode from 'vscode';
import type { FeatureRoutes } from './routes';

let routes: FeatureRoutes | undefined;

/** Called by the features bundle's entry before any feature registers. */
export function useRoutes(r: FeatureRoutes): void {
  routes = r;
}

function current(): FeatureRoutes {
  if (!routes) throw new Error('PromptOps: a feature registered a contribution before the features bundle was activated');
  return routes;
}

/** `base` with some members replaced; the others are read through, so getters such as `window.activeTextEditor` stay live. */
function overlay<T extends object>(base: T, replaced: Partial<T>): T {
  const out = {};
  for (const key of Object.getOwnPropertyNames(base)) {
    if (key in replaced) continue;
    Object.defineProperty(out, key, { enumerable: true, get: () => (base as Record<string, unknown>)[key] });
  }
  for (const [key, value] of Object.entries(replaced)) Object.defineProperty(out, key, { enumerable: true, value });
  return out as T;
}

export const routedVscode: typeof vscode = overlay(vscode, {
  commands: overlay(vscode.commands, {
    registerCommand: (id: string, handler: (...args: unknown[]) => unknown, thisArg?: unknown): vscode.Disposable =>
      current().command(id, thisArg === undefined ? handler : handler.bind(thisArg)) ?? vscode.commands.registerCommand(id, handler, thisArg),
  }),
  window: overlay(vscode.window, {
    registerWebviewViewProvider: (viewType: string, provider: vscode.WebviewViewProvider, options?: Parameters<typeof vscode.window.registerWebviewViewProvider>[2]): vscode.Disposable => {
      // The stub was registered before this bundle loaded, so options cannot reach it: a routed view takes none.
      const routed = options === undefined ? current().webviewView(viewType, provider) : undefined;
      return routed ?? vscode.window.registerWebviewViewProvider(viewType, provider, options);
    },
    registerWebviewPanelSerializer: (viewType: string, serializer: vscode.WebviewPanelSerializer): vscode.Disposable =>
      current().panelSerializer(viewType, serializer) ?? vscode.window.registerWebviewPanelSerializer(viewType, serializer),
  }),
  tests: overlay(vscode.tests, {
    createTestController: (id: string, label: string): vscode.TestController =>
      current().testController(id, label) ?? vscode.tests.createTestController(id, label),
  }),
});
