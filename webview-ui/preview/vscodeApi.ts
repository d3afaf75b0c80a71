// The only module of the preview that calls acquireVsCodeApi(): typed posting and the saved view state.
import type { PreviewToHostMessage, PreviewViewState } from '../../src/protocol/preview';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function postToHost(message: PreviewToHostMessage): void {
  api.postMessage(message);
}

export function saveViewState(state: PreviewViewState): void {
  api.setState(state);
}
