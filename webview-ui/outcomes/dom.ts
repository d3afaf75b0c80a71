// Form controls of the outcome panel's toolbar, built on the shared element helpers.
import { el } from '../shared/dom';

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
