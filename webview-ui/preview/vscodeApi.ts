// The preview's typed channel to the host and its saved view state (the host revives the panel from it).
import type { PreviewToHostMessage, PreviewViewState } from '../../src/protocol/preview';
import { hostChannel } from '../shared/vscodeApi';

const channel = hostChannel<PreviewToHostMessage, PreviewViewState>((s): s is PreviewViewState => typeof s === 'object' && s !== null);

export const postToHost = channel.post;
export const saveViewState = channel.saveState;
