// `PromptOps: Open Preview`: a panel beside the editor showing the exact messages the prompt would send, rendered
// with the defaults or a chosen test's vars, updated as you type. Nothing is sent to a provider.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { displayMessages, pickFrom, varsSources, withDatasetRows, type VarsSource } from '../../core/languageService/previewModel';
import { datasetPath, loadDataset, type DatasetRow } from '../../core/promptFile/dataset';
import { countMessageTokens, formatCount } from '../../core/languageService/tokens';
import { partialResolver } from '../../core/promptFile/references';
import type { RenderedPrompt } from '../../core/promptFile/model';
import { render, RenderError } from '../../core/promptFile/render';
import type { HostToPreviewMessage, PreviewSnapshot, PreviewToHostMessage, PreviewViewState } from '../../protocol/preview';
import { loadWebview } from '../webviewHost';
import { isPromptDocument, type PromptDocumentCache } from '../language/documentCache';
import { diskPath, editorFileSystem } from '../language/editorFs';

export const OPEN_PREVIEW_COMMAND = 'promptops.openPreview';
const VIEW_TYPE = 'promptops.preview';
/**
 * The vars source of a preview nobody chose one for: the defaults, or the first test's vars when the defaults leave a
 * required input unset (a prompt whose inputs only its tests give would otherwise open on an error).
 */
export const AUTO_SOURCE = 'auto';
const DEBOUNCE_MS = 250;

/** Builds what the panel shows for a document and a vars source; never throws (errors become `error`). */
export async function previewSnapshot(cache: PromptDocumentCache, document: vscode.TextDocument, sourceId: string): Promise<PreviewSnapshot> {
  const doc = cache.get(document);
  const file = diskPath(document);
  const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
  const rowsOf = (dataset: string): Promise<readonly DatasetRow[] | Error> =>
    (file ? loadDataset(datasetPath(dataset, file), editorFileSystem).catch(asError) : Promise.resolve(new Error('unsaved')));
  // Each dataset's rows become sources of their own (an unchanged file is read once: loadDataset keeps it).
  const tests = varsSources(doc);
  const counts = new Map<string, number>();
  for (const s of tests) {
    if (s.dataset === undefined || counts.has(s.dataset)) continue;
    const rows = await rowsOf(s.dataset);
    if (!(rows instanceof Error)) counts.set(s.dataset, rows.length);
  }
  const sources = withDatasetRows(tests, (d) => counts.get(d));
  const attempt = async (s: VarsSource): Promise<RenderedPrompt | Error> => {
    let vars = s.vars;
    if (s.dataset !== undefined) {
      if (!file) return new Error(`The dataset ${s.dataset} is found relative to the prompt file: save the file to preview this test.`);
      const rows = await rowsOf(s.dataset);
      if (rows instanceof Error) return rows;
      if (rows.length === 0) return new Error(`The dataset ${s.dataset} has no rows.`);
      const row = rows[s.row ?? 0];
      if (row === undefined) return new Error(`The dataset ${s.dataset} has ${rows.length} rows now; choose another.`);
      vars = { ...vars, ...row };
    }
    return render(doc, vars, file ? { resolvePartial: partialResolver(file, editorFileSystem) } : {}).catch(asError);
  };
  const missesVars = (r: RenderedPrompt | Error): boolean => r instanceof RenderError && r.kind === 'vars';
  let source = pickFrom(sources, sourceId);
  let rendered = await attempt(source);
  if (sourceId === AUTO_SOURCE && missesVars(rendered) && sources.length > 1) {
    source = sources[1];
    rendered = await attempt(source);
  }
  const base = {
    uri: document.uri.toString(),
    fileName: path.basename(document.uri.path),
    sources: sources.map(({ id, label }) => ({ id, label })),
    selectedSource: source.id,
    ...(doc.model ? { model: doc.model.value } : {}),
  };
  if (rendered instanceof Error) {
    // The defaults miss an input that a test may give: say where to find vars that render.
    const hint = missesVars(rendered) && source.id === 'defaults' && sources.length > 1 ? ' Or choose a test\'s vars above.' : '';
    return { ...base, messages: [], error: `${rendered.message}${hint}` };
  }
  try {
    const count = await countMessageTokens(rendered.messages, rendered.model);
    return { ...base, messages: displayMessages(rendered.messages), tokens: `${formatCount(count)} tokens${count.exact ? '' : ' (estimate)'}` };
  } catch (e) {
    return { ...base, messages: [], error: e instanceof Error ? e.message : String(e) };
  }
}

class PreviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sequence = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private document: vscode.TextDocument,
    private sourceId: string,
    private readonly cache: PromptDocumentCache,
    extensionUri: vscode.Uri,
    private readonly onDispose: (p: PreviewPanel) => void,
  ) {
    loadWebview(panel.webview, extensionUri, 'preview', 'Prompt preview', 'The preview needs scripts enabled.');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: PreviewToHostMessage) => this.receive(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.document) this.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Follow the active prompt, like the Markdown preview.
        if (editor && isPromptDocument(editor.document) && editor.document !== this.document) this.show(editor.document);
      }),
    );
    this.updateTitle();
  }

  get uri(): vscode.Uri {
    return this.document.uri;
  }

  show(document: vscode.TextDocument): void {
    this.document = document;
    this.updateTitle();
    this.schedule(0);
  }

  private updateTitle(): void {
    this.panel.title = `Preview ${path.basename(this.document.uri.path)}`;
  }

  private receive(m: PreviewToHostMessage): void {
    if (m?.type === 'ready') this.schedule(0);
    else if (m?.type === 'selectSource' && typeof m.id === 'string') {
      this.sourceId = m.id;
      this.schedule(0);
    }
  }

  schedule(delay = DEBOUNCE_MS): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  private async update(): Promise<void> {
    const seq = ++this.sequence;
    const snapshot = await previewSnapshot(this.cache, this.document, this.sourceId);
    if (seq !== this.sequence) return;
    const message: HostToPreviewMessage = { type: 'update', snapshot };
    await this.panel.webview.postMessage(message);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.onDispose(this);
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}

/** Registers the command, the panel serializer (so a preview survives a reload) and a `promptops.previewOpen` context. */
export function registerPreview(context: vscode.ExtensionContext, cache: PromptDocumentCache): vscode.Disposable {
  const panels = new Set<PreviewPanel>();
  const adopt = (panel: vscode.WebviewPanel, document: vscode.TextDocument, sourceId: string): PreviewPanel => {
    const p = new PreviewPanel(panel, document, sourceId, cache, context.extensionUri, (x) => panels.delete(x));
    panels.add(p);
    return p;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(OPEN_PREVIEW_COMMAND, async (arg?: unknown) => {
      const document = arg instanceof vscode.Uri
        ? await vscode.workspace.openTextDocument(arg)
        : vscode.window.activeTextEditor?.document;
      if (!document || !isPromptDocument(document)) {
        void vscode.window.showInformationMessage('Open a .prompt file to preview it.');
        return undefined;
      }
      const existing = [...panels][0];
      if (existing) {
        existing.show(document);
        existing.panel.reveal(vscode.ViewColumn.Beside, true);
        return existing.panel;
      }
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
      });
      return adopt(panel, document, AUTO_SOURCE).panel;
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state: unknown) {
        const s = state as Partial<PreviewViewState> | undefined;
        try {
          const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(String(s?.uri)));
          adopt(panel, document, typeof s?.selectedSource === 'string' ? s.selectedSource : AUTO_SOURCE);
        } catch {
          panel.dispose();
        }
      },
    }),
    new vscode.Disposable(() => {
      for (const p of [...panels]) p.panel.dispose();
    }),
  );
}
