// Completion and hover for `.prompt` files; the core decides, this supplies models, partial files and renders.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { completions } from '../../core/languageService/completion';
import { hover } from '../../core/languageService/hover';
import { catalogModels, modelInfo } from '../../core/languageService/models';
import { partialNames } from '../../core/languageService/navigation';
import type { CompletionItem, CompletionKind } from '../../core/languageService/types';
import { datasetPath, loadDataset, type DatasetRow } from '../../core/promptFile/dataset';
import type { Message, PromptDocument, TestSpec } from '../../core/promptFile/model';
import { partialResolver } from '../../core/promptFile/references';
import { render } from '../../core/promptFile/render';
import { fromVsPosition, PROMPT_SELECTOR, type PromptDocumentCache, toVsRange } from './documentCache';
import { diskPath, editorFileSystem, listFiles } from './editorFs';

const KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  variable: vscode.CompletionItemKind.Variable,
  function: vscode.CompletionItemKind.Function,
  keyword: vscode.CompletionItemKind.Keyword,
  module: vscode.CompletionItemKind.Module,
  file: vscode.CompletionItemKind.File,
  enum: vscode.CompletionItemKind.EnumMember,
};

function toVsItem(c: CompletionItem): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, KIND[c.kind]);
  if (c.detail) item.detail = c.detail;
  if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
  if (c.insertText !== undefined) item.insertText = c.snippet ? new vscode.SnippetString(c.insertText) : c.insertText;
  if (c.range) item.range = toVsRange(c.range);
  if (c.sortText) item.sortText = c.sortText;
  if (c.filterText) item.filterText = c.filterText;
  return item;
}

async function partialsFor(document: vscode.TextDocument): Promise<string[]> {
  const file = diskPath(document);
  if (!file) return [];
  const dir = path.dirname(file);
  const [beside, inFolder] = await Promise.all([listFiles(dir), listFiles(path.join(dir, 'partials'))]);
  return partialNames(beside, inFolder);
}

/** Renders with each set of vars in turn; the messages of the first that renders, undefined when none does. */
export async function renderForPreviewOrCount(doc: PromptDocument, file: string | undefined, varsList: readonly Readonly<Record<string, unknown>>[]): Promise<readonly Message[] | undefined> {
  const options = file ? { resolvePartial: partialResolver(file, editorFileSystem) } : {};
  for (const vars of varsList) {
    try {
      return (await render(doc, vars, options)).messages;
    } catch {
      // Try the next set of vars.
    }
  }
  return undefined;
}

/** The rows of a test's dataset (an unchanged file's are kept); undefined without one, or when it cannot be read. */
export async function datasetRows(test: TestSpec, file: string | undefined): Promise<readonly DatasetRow[] | undefined> {
  if (!test.dataset || !file) return undefined;
  return loadDataset(datasetPath(test.dataset.value, file), editorFileSystem).catch(() => undefined);
}

/** The vars of a test's first case: its own, under its dataset's first row as the runner merges them; undefined when that row cannot be had. */
export async function firstCaseVars(test: TestSpec, file: string | undefined): Promise<Readonly<Record<string, unknown>> | undefined> {
  if (!test.dataset) return test.vars;
  const rows = await datasetRows(test, file);
  return rows !== undefined && rows.length > 0 ? { ...test.vars, ...rows[0] } : undefined;
}

/** Renders with the defaults, else with each test's first case in turn (a dataset's first row included); undefined when none renders. */
export async function renderWithDefaultsOrTests(doc: PromptDocument, file: string | undefined, tests: readonly TestSpec[]): Promise<readonly Message[] | undefined> {
  const own = await renderForPreviewOrCount(doc, file, [{}]);
  if (own) return own;
  for (const test of tests) {
    const vars = await firstCaseVars(test, file);
    const messages = vars === undefined ? undefined : await renderForPreviewOrCount(doc, file, [vars]);
    if (messages) return messages;
  }
  return undefined;
}

export function registerEditing(cache: PromptDocumentCache): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(PROMPT_SELECTOR, {
      async provideCompletionItems(document, position) {
        const doc = cache.get(document);
        const items = completions(doc, fromVsPosition(position), { models: catalogModels(), partials: await partialsFor(document) });
        return items.map(toVsItem);
      },
    }, '{', '#', '/', '>', '"', '.', '@', ':', ' '),
    vscode.languages.registerHoverProvider(PROMPT_SELECTOR, {
      async provideHover(document, position) {
        const doc = cache.get(document);
        const file = diskPath(document);
        const h = await hover(doc, fromVsPosition(position), {
          model: (id) => modelInfo(id),
          readPartial: file ? partialResolver(file, editorFileSystem) : () => Promise.resolve(undefined),
          renderMessages: () => renderWithDefaultsOrTests(doc, file, doc.tests.slice(0, 1)),
        });
        if (!h) return undefined;
        const md = new vscode.MarkdownString(h.contents);
        md.isTrusted = false;
        md.supportHtml = false;
        return new vscode.Hover(md, toVsRange(h.range));
      },
    }),
  );
}
