// The one way webviews make elements: text goes through textContent, never through HTML parsing, because what
// they show (model output, prompt text) is untrusted.

export interface ElementOptions {
  readonly className?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

/** An element with a class, text (as textContent), attributes and children. */
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

/** A `type=button` button that calls `onClick`. */
export function button(label: string, onClick: () => void, options: ElementOptions = {}): HTMLButtonElement {
  const b = el('button', { ...options, text: label, attrs: { type: 'button', ...(options.attrs ?? {}) } });
  b.addEventListener('click', onClick);
  return b;
}
