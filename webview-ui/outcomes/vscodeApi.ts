// The only module that calls acquireVsCodeApi(): typed posting to the host and view-state persistence.
import type { OutcomeViewState, OutcomesToHostMessage } from '../../src/protocol/outcomes';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function postToHost(message: OutcomesToHostMessage): void {
  api.postMessage(message);
}

/** The saved view state, or undefined when none was saved or it has an older shape. */
export function loadViewState(): OutcomeViewState | undefined {
  const state = api.getState() as Partial<OutcomeViewState> | undefined;
  if (!state || typeof state !== 'object' || !state.filters || !state.sort || !state.mode) return undefined;
  return state as OutcomeViewState;
}

export function saveViewState(state: OutcomeViewState): void {
  api.setState(state);
}
