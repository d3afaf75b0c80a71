// The one place a webview calls acquireVsCodeApi() (VS Code allows one call per page): typed posting to the host
// and view-state persistence. Each surface wraps it with its own protocol types and state check.

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

export interface HostChannel<ToHost, State> {
  readonly post: (message: ToHost) => void;
  /** The saved view state, or undefined when none was saved or it has another shape. */
  readonly loadState: () => State | undefined;
  readonly saveState: (state: State) => void;
}

/** A typed channel to the extension host; `isState` rejects saved state of an older or foreign shape. */
export function hostChannel<ToHost, State>(isState: (s: unknown) => s is State): HostChannel<ToHost, State> {
  api ??= acquireVsCodeApi();
  const vscode = api;
  return {
    post: (message) => vscode.postMessage(message),
    loadState: () => {
      const s = vscode.getState();
      return isState(s) ? s : undefined;
    },
    saveState: (state) => vscode.setState(state),
  };
}
