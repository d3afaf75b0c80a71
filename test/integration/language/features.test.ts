import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitForDiagnostics } from '../helpers/diagnostics';
import { activatePromptOps } from '../helpers/extension';
import { tempFiles, type TempFiles } from '../helpers/workspace';

const PROMPT = [
  '---', //                                      0
  'model: openai/gpt-4o-mini', //                1
  'input:', //                                   2
  '  schema:', //                                3
  '    name: string, who to greet', //           4
  '    extra?: string', //                       5
  'tests:', //                                   6
  '  - name: greets', //                         7
  '    vars:', //                                8
  '      name: Ada', //                          9
  '    assert:', //                              10
  '      - type: contians', //                   11
  '        value: Ada', //                       12
  '  - name: from rows', //                      13
  '    file: rows.jsonl', //                     14
  '---', //                                      15
  '{{role "system"}}', //                        16
  'Be brief. {{> header}}', //                   17
  '{{role "user"}}', //                          18
  'Hello {{name}}', //                           19
  '',
].join('\n');

const pos = (line: number, character: number): vscode.Position => new vscode.Position(line, character);

describe('language: editor features', () => {
  let temp: TempFiles;
  let uri: vscode.Uri;
  before(async () => {
    await activatePromptOps();
    temp = await tempFiles({ 'p.prompt': PROMPT, '_header.prompt': 'Shared header text\n', 'rows.jsonl': '{"name": "Bo"}\n' });
    uri = (await temp.open('p.prompt')).document.uri;
  });
  after(async () => temp.remove());

  it('completes model ids with context window and price', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos(1, 14));
    const item = list.items.find((i) => i.label === 'openai/gpt-4o-mini');
    assert.ok(item, `items: ${list.items.map((i) => String(typeof i.label === 'string' ? i.label : i.label.label)).slice(0, 20).join(', ')}`);
    assert.match(String(item.detail), /128k context · \$0\.15 \/ \$0\.6 per 1M tokens in\/out/);
  });

  it('completes declared variables after {{', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos(19, 8));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('name') && labels.includes('extra') && labels.includes('json'), labels.join(', '));
  });

  it('hovers a variable with its type and description, and a model with its price', async () => {
    const [h] = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos(19, 9));
    const text = (h?.contents ?? []).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(text, /\*\*name\*\*: `string`/);
    assert.match(text, /who to greet/);
    const [m] = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos(1, 10));
    assert.match((m?.contents ?? []).map((c) => (typeof c === 'string' ? c : c.value)).join('\n'), /Context window: 128,000 tokens/);
  });

  it('hovers a role marker with its section\'s token count and a partial with its text', async () => {
    const [r] = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos(16, 3));
    assert.match((r?.contents ?? []).map((c) => (typeof c === 'string' ? c : c.value)).join('\n'), /\*\*system\*\* message: \d+ tokens rendered/);
    const [p] = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos(17, 15));
    assert.match((p?.contents ?? []).map((c) => (typeof c === 'string' ? c : c.value)).join('\n'), /Shared header text/);
  });

  it('outlines the frontmatter, its tests and the role sections', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.deepEqual(symbols.map((s) => s.name), ['frontmatter', 'system', 'user']);
    const tests = symbols[0].children.find((c) => c.name === 'tests');
    assert.deepEqual(tests?.children.map((c) => c.name), ['greets', 'from rows']);
  });

  it('goes to the definition of a partial and of a dataset file', async () => {
    const [partial] = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, pos(17, 15));
    const partialUri = partial && ('targetUri' in partial ? partial.targetUri : partial.uri);
    assert.equal(partialUri?.path, temp.uri('_header.prompt').path);
    const [dataset] = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, pos(14, 12));
    const datasetUri = dataset && ('targetUri' in dataset ? dataset.targetUri : dataset.uri);
    assert.equal(datasetUri?.path, temp.uri('rows.jsonl').path);
  });

  it('links the partial and the dataset', async () => {
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
    assert.deepEqual(links.map((l) => l.target?.path).sort(), [temp.uri('_header.prompt').path, temp.uri('rows.jsonl').path].sort());
  });

  it('finds every reference of a variable: schema, template and test vars', async () => {
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, pos(19, 9));
    assert.deepEqual(refs.map((r) => `${r.range.start.line}:${r.range.start.character}`).sort(), ['19:8', '4:4', '9:6'].sort());
  });

  it('renames a variable everywhere at once', async () => {
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', uri, pos(19, 9), 'person');
    const edits = edit.get(uri);
    assert.deepEqual(edits.map((e) => `${e.range.start.line}:${e.range.start.character}=${e.newText}`).sort(), ['19:8=person', '4:4=person', '9:6=person'].sort());
  });

  it('offers quick fixes: did-you-mean for an assertion type, removing an unused input', async () => {
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'PO3001'));
    const typo = diags.find((d) => d.code === 'PO3001')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, typo.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === "Change to 'contains'");
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.equal(fix.edit.get(uri)[0]?.newText, 'contains');
  });

  it('folds the frontmatter, each test and each role section', async () => {
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
    const spans = ranges.map((r) => `${r.start}-${r.end}`);
    for (const s of ['0-15', '7-12', '16-17']) assert.ok(spans.includes(s), `${s} in ${spans.join(', ')}`);
  });
});

describe('language: quick fix that creates a file', () => {
  let temp: TempFiles | undefined;
  afterEach(async () => {
    await temp?.remove();
    temp = undefined;
  });

  it('creates a missing partial beside the prompt', async () => {
    temp = await tempFiles({ 'q.prompt': 'Intro {{> tone}}\n' });
    const { document } = await temp.open('q.prompt');
    const diags = await waitForDiagnostics(document.uri, (d) => d.some((x) => x.code === 'PO2010'));
    const d = diags.find((x) => x.code === 'PO2010')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const create = actions.find((a) => a.title === "Create partial 'tone'");
    assert.ok(create?.edit);
    assert.ok(await vscode.workspace.applyEdit(create.edit));
    const created = vscode.workspace.textDocuments.find((d) => d.uri.path === temp!.uri('_tone.prompt').path);
    assert.ok(created, 'the new partial is open for editing');
    assert.match(created.getText(), /^\{\{!-- Partial 'tone'/);
    await created.save();
    const stat = await vscode.workspace.fs.stat(temp.uri('_tone.prompt'));
    assert.equal(stat.type, vscode.FileType.File);
    await waitForDiagnostics(document.uri, (list) => !list.some((x) => x.code === 'PO2010'));
  });
});
