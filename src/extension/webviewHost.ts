// Loads one of the built front ends (dist/webview/<bundle>.js and .css) into a webview, with scripts allowed only
// from the built assets and a fresh nonce for this render.
import * as vscode from 'vscode';
import { newNonce, webviewShell } from './webviewHtml';

export function loadWebview(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: string, title: string, noscript: string): void {
  const assets = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  webview.options = { enableScripts: true, localResourceRoots: [assets] };
  webview.html = webviewShell({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, `${bundle}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, `${bundle}.css`)).toString(),
    nonce: newNonce(),
    title,
    noscript,
  });
}
