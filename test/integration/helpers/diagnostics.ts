// Waiting for diagnostics: they arrive asynchronously after open and after each edit.
import * as vscode from 'vscode';
import { waitFor } from './wait';

/**
 * Resolves with the diagnostics of `uri` once `accept` returns true for them (by default: once there is at least
 * one); rejects after `timeoutMs` with what was there.
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
  timeoutMs = 10_000,
): Promise<readonly vscode.Diagnostic[]> {
  try {
    return await waitFor(() => {
      const current = vscode.languages.getDiagnostics(uri);
      return accept(current) && current;
    }, `diagnostics on ${uri.path}`, timeoutMs);
  } catch {
      const current = vscode.languages.getDiagnostics(uri);
    const codes = diagnosticCodes(current);
    const seen = current.map((d, i) => `  ${d.range.start.line + 1}:${d.range.start.character + 1} ${codes[i]} ${d.message}`);
    throw new Error(`diagnostics on ${uri.path} never matched within ${timeoutMs} ms; last seen:\n${seen.join('\n') || '  (none)'}`);
  }
}

/** The diagnostic codes as plain strings (`code` may be a string, a number or `{ value, target }`). */
export function diagnosticCodes(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const code = typeof d.code === 'object' ? d.code.value : d.code;
    return code === undefined ? '' : String(code);
  });
}
