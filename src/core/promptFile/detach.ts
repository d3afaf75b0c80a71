// Substrings that do not keep the text they were cut from alive. V8 represents a slice of 13 or more characters as a
// view into its parent string, so a cached slice (or any string read from one) holds the whole file text it came from;
// caches keyed by pieces of an edited file then held one whole version of the file per keystroke.

/** A copy of `s` that shares no storage with the string it was sliced from. */
export function detached(s: string): string {
  // The concatenation is flattened into a new string when it is sliced; the slice points into that copy.
  return (` ${s}`).slice(1);
}
