// Splits a prompt file into its frontmatter block and template body, tolerating a BOM, CRLF and a missing fence.

export interface SplitResult {
  /** Offset where content starts (1 after a BOM). */
  readonly contentStart: number;
  /** Present when the file opens with a `---` line. */
  readonly frontmatter?: {
    /** Offsets of the opening fence line (without its line break). */
    readonly openStart: number;
    readonly openEnd: number;
    /** Offsets of the YAML text between the fences. */
    readonly yamlStart: number;
    readonly yamlEnd: number;
    /** Offsets of the closing fence line; absent when the block is never closed. */
    readonly closeStart?: number;
    readonly closeEnd?: number;
    /** True when a line break follows the closing fence (Dotprompt requires one). */
    readonly closeHasBreak: boolean;
  };
  readonly bodyStart: number;
}

const FENCE = /^---[ \t]*$/;

/** Finds the frontmatter fences; never throws. */
export function splitPromptText(text: string): SplitResult {
  const contentStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const firstEnd = lineEndAt(text, contentStart);
  if (!FENCE.test(text.slice(contentStart, firstEnd))) {
    return { contentStart, bodyStart: contentStart };
  }
  const yamlStart = nextLineStart(text, firstEnd);
  // The closing fence starts with `---` at a line start: a native search finds each candidate, instead of a walk over
  // every character of the frontmatter.
  for (let lineStart = text.indexOf('---', yamlStart); lineStart >= 0; lineStart = text.indexOf('---', lineStart + 1)) {
    if (lineStart > yamlStart && !isLineBreak(text.charCodeAt(lineStart - 1))) continue;
    const end = lineEndAt(text, lineStart);
    // A fence is only a fence when it is exactly `---` plus trailing blanks.
    if (FENCE.test(text.slice(lineStart, end))) {
      const bodyStart = nextLineStart(text, end);
      const yamlEnd = Math.max(yamlStart, lineStart === yamlStart ? yamlStart : previousLineEnd(text, lineStart));
      return {
        contentStart,
        frontmatter: {
          openStart: contentStart, openEnd: firstEnd, yamlStart, yamlEnd,
          closeStart: lineStart, closeEnd: end, closeHasBreak: bodyStart > end,
        },
        bodyStart,
      };
    }
  }
  return {
    contentStart,
    frontmatter: { openStart: contentStart, openEnd: firstEnd, yamlStart, yamlEnd: text.length, closeHasBreak: false },
    bodyStart: text.length,
  };
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

function lineEndAt(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

function nextLineStart(text: string, lineEnd: number): number {
  if (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10) return lineEnd + 2;
  if (lineEnd < text.length) return lineEnd + 1;
  return lineEnd;
}

/** End of the line before the one starting at `lineStart` (strips its line break). */
function previousLineEnd(text: string, lineStart: number): number {
  let i = lineStart;
  if (i > 0 && text.charCodeAt(i - 1) === 10) i--;
  if (i > 0 && text.charCodeAt(i - 1) === 13) i--;
  return i;
}
