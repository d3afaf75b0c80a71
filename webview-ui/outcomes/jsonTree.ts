// Pretty JSON with folding: objects and arrays are <details> elements, so folding works by mouse and keyboard
// without script. Every key and value is set as text.
import { el } from '../shared/dom';

/** Node budget: a huge JSON output shows its first part as a tree and says that the text view has the rest. */
const maxNodes = 4000;
const openDepth = 2;

interface Budget {
  left: number;
}

function primitive(value: unknown): HTMLElement {
  const kind = value === null ? 'null' : typeof value;
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return el('span', { className: `json-${kind}`, text });
}

function node(label: string | undefined, value: unknown, depth: number, budget: Budget): HTMLElement {
  budget.left--;
  const keyEl = label === undefined ? undefined : el('span', { className: 'json-key', text: `${label}: ` });
  if (value === null || typeof value !== 'object') {
    return el('div', { className: 'json-line' }, [keyEl, primitive(value)]);
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as [string, unknown])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const count = Array.isArray(value) ? `${entries.length} items` : `${entries.length} keys`;
  if (entries.length === 0) return el('div', { className: 'json-line' }, [keyEl, el('span', { text: `${open}${close}` })]);
  const details = el('details', { className: 'json-node' });
  if (depth < openDepth) details.open = true;
  details.appendChild(el('summary', {}, [keyEl, el('span', { text: open }), el('span', { className: 'json-count', text: ` ${count} ` })]));
  const body = el('div', { className: 'json-children' });
  for (const [k, v] of entries) {
    if (budget.left <= 0) {
      body.appendChild(el('div', { className: 'json-more', text: '… more; switch to Text to see everything' }));
      break;
    }
    body.appendChild(node(Array.isArray(value) ? undefined : k, v, depth + 1, budget));
  }
  details.appendChild(body);
  details.appendChild(el('div', { className: 'json-close', text: close }));
  return details;
}

/** A folding tree for a parsed JSON value. */
export function renderJsonTree(value: unknown): HTMLElement {
  return el('div', { className: 'json-tree' }, [node(undefined, value, 0, { left: maxNodes })]);
}
