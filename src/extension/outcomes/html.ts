// The outcome panel's HTML shell with its Content-Security-Policy. Pure (no vscode) so the policy is unit-tested.
import { randomBytes } from 'node:crypto';

export interface ShellInput {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** Fresh for every render (see `newNonce`). */
  readonly nonce: string;
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

/** The document the webview loads; it holds no outcome data (that arrives by message, as text). */
export function outcomesHtml(input: ShellInput): string {
  const csp = contentSecurityPolicy(input.cspSource, input.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>PromptOps Outcomes</title>
</head>
<body>
<noscript>The outcome panel needs scripts enabled.</noscript>
<script nonce="${attr(input.nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
