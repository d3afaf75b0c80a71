// The HTML shell every PromptOps webview loads, with its Content-Security-Policy. Pure (no vscode) so the policy is
// unit-tested. The shell holds no prompt text or model output: those arrive by message and are set as text.
import { randomBytes } from 'node:crypto';

export interface ShellInput {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** Fresh for every render (see `newNonce`). */
  readonly nonce: string;
  readonly title: string;
  /** Shown when scripts are off. */
  readonly noscript: string;
}

/** 128 random bits, base64: a CSP nonce nobody can guess or reuse from an earlier render. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The CSP: nothing by default; our one script by nonce; styles and images only from the extension's assets. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** The document a webview loads: one script by nonce, one stylesheet, the policy above. */
export function webviewShell(input: ShellInput): string {
  const csp = contentSecurityPolicy(input.cspSource, input.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>${attr(input.title)}</title>
</head>
<body>
<noscript>${attr(input.noscript)}</noscript>
<script nonce="${attr(input.nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
