// Model output is untrusted text, and a terminal interprets what it prints: escape sequences in a reply could clear the
// screen, fake a result line or plant a link. The CLI's `run` on a terminal and VS Code's test output (a terminal too)
// print replies through this.

// C0 and C1 controls except the line feed and the tab; a carriage return goes too (alone it moves the cursor back).
// eslint-disable-next-line no-control-regex -- control characters are exactly what it finds
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text with line feeds and tabs kept, carriage returns dropped, every other control character shown as `\xNN`. */
export function inertControls(text: string): string {
  return text.replace(CONTROLS, (c) => (c === '\r' ? '' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
