// The activation bundle's stand-ins for the contributions VS Code needs before any feature is used: each stub loads
// the features bundle on its first call and hands the call to the implementation that bundle registered.
import * as vscode from 'vscode';
import { TEST_CONTROLLER_ID, type CommandHandler, type FeatureRoutes, type ManifestRoutes } from './routes';

type TestResolver = NonNullable<vscode.TestController['resolveHandler']>;
type TestRefresher = NonNullable<vscode.TestController['refreshHandler']>;

export class FeatureRouter implements FeatureRoutes, vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly handlers = new Map<string, CommandHandler>();
  private readonly views = new Map<string, vscode.WebviewViewProvider>();
  private readonly serializers = new Map<string, vscode.WebviewPanelSerializer>();
  private readonly registrations: vscode.Disposable[] = [];

  /** `load` brings the features bundle in (synchronously, once) and throws when it cannot. */
  constructor(private readonly routes: ManifestRoutes, private readonly load: (trigger: string) => void) {
    for (const id of routes.commands) {
      this.registrations.push(vscode.commands.registerCommand(id, (...args: unknown[]) => {
        this.load(`command ${id}`);
        return this.taken(this.handlers, id, 'command')(...args);
      }));
    }
    for (const viewType of routes.webviewViews) {
      this.registrations.push(vscode.window.registerWebviewViewProvider(viewType, {
        resolveWebviewView: (view, context, token) => {
          this.load(`view ${viewType}`);
          return this.taken(this.views, viewType, 'webview view provider').resolveWebviewView(view, context, token);
        },
      }));
    }
    for (const viewType of routes.panelSerializers) {
      this.registrations.push(vscode.window.registerWebviewPanelSerializer(viewType, {
        deserializeWebviewPanel: (panel, state: unknown) => {
          this.load(`restored panel ${viewType}`);
          return this.taken(this.serializers, viewType, 'webview panel serializer').deserializeWebviewPanel(panel, state);
        },
      }));
    }
    this.controller = vscode.tests.createTestController(TEST_CONTROLLER_ID, 'Prompt tests');
    this.registrations.push(this.controller);
    // The features bundle replaces both handlers; until then the stubs load it and call what it installed.
    const resolveStub: TestResolver = async (item) => {
      this.load('test discovery');
      const real = this.controller.resolveHandler;
      if (real && real !== resolveStub) await real(item);
    };
    const refreshStub: TestRefresher = async (token) => {
      this.load('test refresh');
      const real = this.controller.refreshHandler;
      if (real && real !== refreshStub) await real(token);
    };
    this.controller.resolveHandler = resolveStub;
    this.controller.refreshHandler = refreshStub;
  }

  command(id: string, handler: CommandHandler): vscode.Disposable | undefined {
    return this.take(this.handlers, id, handler, this.routes.commands.includes(id));
  }

  webviewView(viewType: string, provider: vscode.WebviewViewProvider): vscode.Disposable | undefined {
    return this.take(this.views, viewType, provider, this.routes.webviewViews.includes(viewType));
  }

  panelSerializer(viewType: string, serializer: vscode.WebviewPanelSerializer): vscode.Disposable | undefined {
    return this.take(this.serializers, viewType, serializer, this.routes.panelSerializers.includes(viewType));
  }

  testController(id: string, label: string): vscode.TestController | undefined {
    if (id !== TEST_CONTROLLER_ID) return undefined;
    this.controller.label = label;
    return this.controller;
  }

  dispose(): void {
    for (const r of this.registrations) r.dispose();
    this.handlers.clear();
    this.views.clear();
    this.serializers.clear();
  }

  private take<T>(table: Map<string, T>, key: string, value: T, routed: boolean): vscode.Disposable | undefined {
    if (!routed) return undefined;
    // Same rule as VS Code's own registries: a second registration is a bug, not an override.
    if (table.has(key)) throw new Error(`PromptOps: ${key} is already registered`);
    table.set(key, value);
    return new vscode.Disposable(() => {
      if (table.get(key) === value) table.delete(key);
    });
  }

  private taken<T>(table: Map<string, T>, key: string, what: string): T {
    const value = table.get(key);
    if (value === undefined) throw new Error(`PromptOps: the features bundle registered no ${what} for ${key}`);
    return value;
  }
}
