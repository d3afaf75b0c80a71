// The extension under test, as the extension host sees it.
import * as vscode from 'vscode';
import { waitFor } from './wait';

export const EXTENSION_ID = 'promptops.promptops';

/** The installed PromptOps extension; fails the test if it is not installed. */
export function promptOpsExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

/** Activates PromptOps (a no-op when it already is) and returns it. */
export async function activatePromptOps(): Promise<vscode.Extension<unknown>> {
  const ext = promptOpsExtension();
  await ext.activate();
  return ext;
}

/** Waits until VS Code has activated PromptOps by itself (through its activation events). */
export async function waitForActivation(timeoutMs = 15_000): Promise<vscode.Extension<unknown>> {
  const ext = promptOpsExtension();
  return waitFor(() => ext.isActive && ext, `${EXTENSION_ID} to activate`, timeoutMs);
}
