// The one way the outcome panel makes elements: text goes through textContent, never through HTML parsing, because
// outcomes are model output and model output is untrusted.

export interface ElementOptions {
  readonly className?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: readonly (Node | undefined)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className !== undefined) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [k, v] of Object.entries(options.attrs ?? {})) node.setAttribute(k, v);
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

export function button(label: string, onClick: () => void, options: ElementOptions = {}): HTMLButtonElement {
  const b = el('button', { ...options, text: label, attrs: { type: 'button', ...(options.attrs ?? {}) } });
  b.addEventListener('click', onClick);
  return b;
}

export function select(
  label: string,
  options: readonly { readonly value: string; readonly label: string }[],
  value: string,
  onChange: (value: string) => void,
): HTMLSelectElement {
  const s = el('select', { attrs: { 'aria-label': label, title: label } });
  fillSelect(s, options, value);
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

export function fillSelect(
  s: HTMLSelectElement,
  options: readonly { readonly value: string; readonly label: string }[],
  value: string,
): void {
  s.replaceChildren(...options.map((o) => el('option', { text: o.label, attrs: { value: o.value } })));
  s.value = options.some((o) => o.value === value) ? value : (options[0]?.value ?? '');
}
