// `Run prompt`: renders the file with its default vars, calls the model, and streams the reply into a read-only tab
// (a virtual document, so it can be saved with Save As or compared with another tab).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { datasetPath, loadDataset } from '../../core/promptFile/dataset';
import { parse } from '../../core/promptFile/parse';
import { diskFileSystem } from '../engine/nodeFs';
import { parseModelRef } from '../../core/providers/registry';
import type { EngineHost } from '../engine/engineHost';

export const OUTPUT_SCHEME = 'promptops-output';

class OutputDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this._onDidChange.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  set(uri: vscode.Uri, text: string): void {
    this.contents.set(uri.toString(), text);
    this._onDidChange.fire(uri);
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}

export function registerRunPrompt(engine: EngineHost, log: vscode.LogOutputChannel): vscode.Disposable {
  const docs = new OutputDocuments();
  let counter = 0;
  const run = async (arg?: vscode.Uri): Promise<vscode.Uri | undefined> => {
    const uri = arg ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showWarningMessage('PromptOps: open a .prompt file to run it.');
      return undefined;
    }
    const source = await vscode.workspace.openTextDocument(uri);
    const session = await engine.session(uri);
    const doc = parse(source.getText());
    const filePath = uri.scheme === 'file' ? uri.fsPath : path.join(session.workspaceRoot, path.basename(uri.path));
    const out = vscode.Uri.from({ scheme: OUTPUT_SCHEME, path: `/${path.basename(uri.path, '.prompt')} output ${++counter}.md` });
    let text = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (): void => {
      timer = undefined;
      docs.set(out, text);
    };
    try {
      // Defaults first; a prompt whose required inputs have no default runs with its first test's vars instead.
      let varsLabel = 'default vars';
      let rendered;
      try {
        rendered = await session.deps.render(doc, filePath, {}, undefined);
      } catch (e) {
        const first = doc.tests[0];
        if (!first) throw e;
        // A dataset test runs its rows; its first row merged over its vars is what its first case sends.
        const row = first.dataset !== undefined ? (await loadDataset(datasetPath(first.dataset.value, filePath), diskFileSystem))[0] : undefined;
        rendered = await session.deps.render(doc, filePath, row !== undefined ? { ...first.vars, ...row } : first.vars, undefined);
        varsLabel = row !== undefined ? `vars of test '${first.name}', row 1` : `vars of test '${first.name}'`;
      }
      const ref = rendered.model;
      if (!ref) throw new Error('no model: set `model:` in the frontmatter or `defaultModel` in promptops.config.yaml / settings');
      const { client, model } = await session.deps.client(ref);
      text = `<!-- ${ref} · ${varsLabel} · ${new Date().toLocaleString()} -->\n\n`;
      docs.set(out, text);
      const editor = await vscode.window.showTextDocument(out, { viewColumn: vscode.ViewColumn.Beside, preview: false });
      void vscode.languages.setTextDocumentLanguage(editor.document, 'markdown');
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `PromptOps: running ${path.basename(uri.path)} on ${ref}`, cancellable: true }, async (_p, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          const response = await client.chat({
            messages: rendered.messages, model, config: rendered.config, output: rendered.output, stream: true, signal: abort.signal,
            onChunk: (delta) => {
              text += delta;
              timer ??= setTimeout(flush, 50);
            },
          });
          if (!text.endsWith(response.text) && response.text.length > 0 && text.trim().length === 0) text += response.text;
          const cost = response.usage ? session.deps.estimateCost(parseModelRef(ref).provider, model, response.usage) : undefined;
          text += `\n\n<!-- ${response.finishReason} · ${Math.round(response.latencyMs)} ms · ${response.usage?.inputTokens ?? '?'} in / ${response.usage?.outputTokens ?? '?'} out tokens · ${cost === undefined ? 'cost unknown' : `$${cost.toFixed(5)}`} -->\n`;
        } finally {
          sub.dispose();
        }
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log.warn(`Run prompt ${uri.toString()}: ${message}`);
      text += `\n\n> **Error:** ${message.replace(/\n/g, ' ')}\n`;
      void vscode.window.showErrorMessage(`PromptOps: ${message}`);
    } finally {
      if (timer) clearTimeout(timer);
      flush();
    }
    return out;
  };
  return vscode.Disposable.from(
    docs,
    vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, docs),
    vscode.commands.registerCommand('promptops.runPrompt', run),
  );
}
