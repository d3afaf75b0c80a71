// `PromptOps: Set API Key`, `Remove API Key` and `Test Connection`. Keys go to SecretStorage only; the input box masks
// them and nothing here logs them.
import * as vscode from 'vscode';
import { catalog } from '../../core/providers/pricing';
import type { EngineHost } from './engineHost';
import { BUILT_IN_KEYS } from './secrets';

interface KeyPick extends vscode.QuickPickItem {
  readonly env: string;
  readonly provider: string;
}

async function keyChoices(engine: EngineHost): Promise<KeyPick[]> {
  const picks: KeyPick[] = BUILT_IN_KEYS.map((k) => ({ label: k.label, description: k.env, env: k.env, provider: k.provider }));
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder) {
    const session = await engine.session(folder.uri).catch(() => undefined);
    for (const [id, p] of Object.entries(session?.config.providers ?? {})) {
      if (p.apiKeyEnv && !picks.some((k) => k.env === p.apiKeyEnv)) picks.push({ label: id, description: p.apiKeyEnv, env: p.apiKeyEnv, provider: id });
    }
  }
  return picks;
}

async function pickKey(engine: EngineHost, provider: string | undefined, title: string): Promise<KeyPick | undefined> {
  const choices = await keyChoices(engine);
  const direct = provider === undefined ? undefined : choices.find((c) => c.provider === provider || c.env === provider);
  return direct ?? vscode.window.showQuickPick(choices, { title, placeHolder: 'Provider' });
}

export function registerKeyCommands(engine: EngineHost): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('promptops.setApiKey', async (provider?: string) => {
      const pick = await pickKey(engine, provider, 'PromptOps: Set API Key');
      if (!pick) return;
      const value = await vscode.window.showInputBox({
        title: `API key for ${pick.label}`,
        prompt: `Stored in VS Code's secret storage (used instead of ${pick.env}); never written to settings or logs.`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' ? 'Enter the key, or press Escape to cancel.' : /\s/.test(v.trim()) ? 'A key has no spaces.' : undefined),
      });
      if (value === undefined) return;
      await engine.secrets.store(pick.env, value.trim());
      void vscode.window.showInformationMessage(`PromptOps: API key for ${pick.label} saved.`);
    }),
    vscode.commands.registerCommand('promptops.removeApiKey', async (provider?: string) => {
      const pick = await pickKey(engine, provider, 'PromptOps: Remove API Key');
      if (!pick) return;
      await engine.secrets.delete(pick.env);
      void vscode.window.showInformationMessage(`PromptOps: API key for ${pick.label} removed from secret storage (an environment variable or .env still applies).`);
    }),
    vscode.commands.registerCommand('promptops.testConnection', async (modelRef?: string) => {
      let ref = modelRef;
      if (ref === undefined) {
        const folder = vscode.workspace.workspaceFolders?.[0];
        const session = folder ? await engine.session(folder.uri) : undefined;
        const items = [...new Set([session?.config.defaultModel, ...catalogModels()].filter((x): x is string => !!x))];
        ref = await vscode.window.showQuickPick(items, { title: 'PromptOps: Test Connection', placeHolder: 'provider/model to send a one-word request to' });
      }
      if (!ref) return undefined;
      const uri = vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!uri) return undefined;
      const session = await engine.session(uri);
      try {
        const { client, model } = await session.deps.client(ref);
        const r = await client.chat({ messages: [{ role: 'user', content: [{ text: 'Reply with the single word: pong' }] }], model, config: { maxOutputTokens: 16 }, output: { format: 'text' }, timeoutMs: 30_000 });
        const message = `PromptOps: ${ref} answered in ${Math.round(r.latencyMs)} ms at ${client.endpoint}.`;
        void vscode.window.showInformationMessage(message);
        return message;
      } catch (e) {
        const message = `PromptOps: ${ref} failed: ${e instanceof Error ? e.message : String(e)}`;
        void vscode.window.showErrorMessage(message);
        return message;
      }
    }),
  );
}

/** Every catalogued model as `provider/model`. */
function catalogModels(): string[] {
  return Object.entries(catalog.providers).flatMap(([provider, models]) => Object.keys(models).map((m) => `${provider}/${m}`));
}
