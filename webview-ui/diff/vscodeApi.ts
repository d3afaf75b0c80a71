// The diff view's typed channel to the host and its saved view state.
import type { DiffViewState, DiffWebviewMessage } from '../../src/protocol/diff';
import { hostChannel } from '../shared/vscodeApi';

function isDiffViewState(s: unknown): s is DiffViewState {
  const v = s as Partial<DiffViewState> | undefined;
  return !!v && typeof v === 'object' && typeof v.fileUri === 'string' && typeof v.filter === 'string' && typeof v.collapse === 'boolean';
}

const channel = hostChannel<DiffWebviewMessage, DiffViewState>(isDiffViewState);

export const postToHost = channel.post;
export const loadViewState = channel.loadState;
export const saveViewState = channel.saveState;
