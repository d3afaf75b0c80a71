// API keys: SecretStorage first, then the environment, then a `.env` found upward from the workspace.
// Keys are only ever read here and handed to provider clients; nothing logs or persists them elsewhere.
import * as vscode from 'vscode';
import type { CredentialSource } from '../../core/io';

/** The key names the built-in providers read, for the Set/Remove API Key pickers. */
export const BUILT_IN_KEYS: readonly { readonly provider: string; readonly label: string; readonly env: string }[] = [
  { provider: 'openai', label: 'OpenAI', env: 'OPENAI_API_KEY' },
  { provider: 'anthropic', label: 'Anthropic', env: 'ANTHROPIC_API_KEY' },
  { provider: 'gemini', label: 'Google Gemini', env: 'GEMINI_API_KEY' },
  { provider: 'azure', label: 'Azure OpenAI', env: 'AZURE_OPENAI_API_KEY' },
];

const PREFIX = 'promptops.apiKey.';

/** Reads keys stored by `PromptOps: Set API Key`, by environment-variable name. */
export class SecretStorageCredentials implements CredentialSource {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(name: string): Promise<string | undefined> {
    const value = await this.secrets.get(PREFIX + name);
    return value === undefined || value === '' ? undefined : value;
  }

  store(name: string, value: string): Thenable<void> {
    return this.secrets.store(PREFIX + name, value);
  }

  delete(name: string): Thenable<void> {
    return this.secrets.delete(PREFIX + name);
  }

  /** Fires with the environment-variable name whose stored key changed. */
  onDidChange(listener: (name: string) => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) listener(e.key.slice(PREFIX.length));
    });
  }
}
