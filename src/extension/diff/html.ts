// The diff view's HTML shell. It holds no prompt text or model output: those arrive by message and are set as text.
import { contentSecurityPolicy } from '../outcomes/html';

export interface DiffShellInput {
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce: string;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The document the diff webview loads, locked down by the shared policy (default-src 'none', script by nonce). */
export function diffHtml(input: DiffShellInput): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>PromptOps Compare</title>
</head>
<body>
<noscript>The version diff needs scripts enabled.</noscript>
<script nonce="${attr(input.nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
