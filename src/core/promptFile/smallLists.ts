// Lists that are usually short. V8 gives an empty array room for 17 items at its first push (152 bytes on a 64-bit
// heap without pointer compression, as Node builds it), while a literal of one to three items is sized exactly. The
// readers build thousands of such lists per cold parse of a large file (a call's one or two arguments, a mapping's
// few keys), so building them as literals halves what those lists allocate.

/**
 * `list` with `item` added: a new literal of exact size while the list is short (under four items), else `list`
 * itself, pushed to. Callers keep the result and never share the list before it is complete.
 */
export function appended<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined || list.length === 0) return [item];
  if (list.length === 1) return [list[0], item];
  if (list.length === 2) return [list[0], list[1], item];
  list.push(item);
  return list;
}
