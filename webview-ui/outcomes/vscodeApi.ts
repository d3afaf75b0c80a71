// The outcome panel's typed channel to the host and its saved view state.
import type { OutcomeViewState, OutcomesToHostMessage } from '../../src/protocol/outcomes';
import { hostChannel } from '../shared/vscodeApi';

function isOutcomeViewState(s: unknown): s is OutcomeViewState {
  const v = s as Partial<OutcomeViewState> | undefined;
  return !!v && typeof v === 'object' && !!v.filters && !!v.sort && !!v.mode;
}

const channel = hostChannel<OutcomesToHostMessage, OutcomeViewState>(isOutcomeViewState);

export const postToHost = channel.post;
export const loadViewState = channel.loadState;
export const saveViewState = channel.saveState;
