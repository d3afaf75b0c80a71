// Substrings that do not keep the text they were cut from alive. V8 represents a slice of 13 or more characters as a
// view into its parent string, so a cached slice (or any string read from one) holds the whole file text it came from;
// caches keyed by pieces of an edited file then held one whole version of the file per keystroke.

/**
 * A copy of `s` in one flat string of its own, sharing no storage with the string it was sliced from. Not a slice of
 * a copy (as `(' ' + s).slice(1)` gives): reading a slice's characters goes through the slice to its parent, and the
 * readers read every character of a cached piece or chunk, most more than once. Joining two parts writes them into a
 * new sequential string (a join of one part, or an empty one, is not copied; a string under two characters is itself
 * a copy when sliced).
 */
export function detached(s: string): string {
  if (s.length < 2) return s.length === 0 ? '' : String.fromCharCode(s.charCodeAt(0));
  const half = s.length >> 1;
  return [s.slice(0, half), s.slice(half)].join('');
}
