// The only module of the diff view that calls acquireVsCodeApi(): typed posting and view-state persistence.
import type { DiffViewState, DiffWebviewMessage } from '../../src/protocol/diff';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function postToHost(message: DiffWebviewMessage): void {
  api.postMessage(message);
}

/** The saved view state, or undefined when none was saved or it has another shape. */
export function loadViewState(): DiffViewState | undefined {
  const s = api.getState() as Partial<DiffViewState> | undefined;
  if (!s || typeof s !== 'object' || typeof s.fileUri !== 'string' || typeof s.filter !== 'string' || typeof s.collapse !== 'boolean') return undefined;
  return s as DiffViewState;
}

export function saveViewState(state: DiffViewState): void {
  api.setState(state);
}
