// The rendered-prompt preview: one card per message. Message text is untrusted (it holds the user's vars and partials)
// and is only ever set with textContent.
import './preview.css';
import type { HostToPreviewMessage, PreviewMessage, PreviewSnapshot } from '../../src/protocol/preview';
import { postToHost, saveViewState } from './vscodeApi';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function header(snapshot: PreviewSnapshot): HTMLElement {
  const bar = el('header', 'toolbar');
  bar.append(el('span', 'file', snapshot.fileName));
  const label = el('label', 'source');
  label.append(el('span', undefined, 'Vars: '));
  const select = el('select');
  select.setAttribute('aria-label', 'Render with the vars of');
  for (const s of snapshot.sources) {
    const option = el('option', undefined, s.label);
    option.value = s.id;
    option.selected = s.id === snapshot.selectedSource;
    select.append(option);
  }
  select.addEventListener('change', () => postToHost({ type: 'selectSource', id: select.value }));
  label.append(select);
  bar.append(label);
  const facts = [snapshot.model, snapshot.tokens].filter((x): x is string => !!x).join(' · ');
  if (facts) bar.append(el('span', 'facts', facts));
  return bar;
}

function messageCard(m: PreviewMessage, index: number): HTMLElement {
  const card = el('section', `message role-${m.role.replace(/[^a-z]/g, '')}`);
  card.setAttribute('aria-label', `Message ${index + 1}: ${m.role}`);
  card.append(el('div', 'role', m.role));
  for (const p of m.parts) {
    if (p.kind === 'text') card.append(el('pre', 'text', p.text));
    else card.append(el('div', 'media', `[media ${p.contentType ?? ''} ${p.url}]`.replace(/\s+/g, ' ')));
  }
  return card;
}

function show(snapshot: PreviewSnapshot): void {
  saveViewState({ uri: snapshot.uri, selectedSource: snapshot.selectedSource });
  const main = el('main');
  main.append(header(snapshot));
  if (snapshot.error !== undefined) {
    const error = el('div', 'error', snapshot.error);
    error.setAttribute('role', 'alert');
    main.append(error);
  } else if (snapshot.messages.length === 0) {
    main.append(el('p', 'empty', 'The prompt renders no messages.'));
  }
  snapshot.messages.forEach((m, i) => main.append(messageCard(m, i)));
  document.body.replaceChildren(main);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const m = event.data as Partial<HostToPreviewMessage> | null;
  if (m && m.type === 'update' && m.snapshot && typeof m.snapshot === 'object') show(m.snapshot);
});

postToHost({ type: 'ready' });
