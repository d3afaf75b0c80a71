import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitForDiagnostics } from '../helpers/diagnostics';
import { activatePromptOps } from '../helpers/extension';
import { closeAllEditors, openFixture } from '../helpers/workspace';

describe('diagnostics on the workspace fixture', () => {
  before(activatePromptOps);
  after(closeAllEditors);

  it('reports errors from PromptOps on the broken fixture', async () => {
    const { document } = await openFixture('broken.prompt');
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.some((x) => x.source === 'promptops'));
    const errors = diagnostics.filter((d) => d.source === 'promptops' && d.severity === vscode.DiagnosticSeverity.Error);
    assert.ok(errors.length > 0, `no error among ${diagnostics.map((d) => d.message).join(' | ')}`);
    // Every range lies inside the document.
    for (const d of errors) assert.ok(d.range.end.line < document.lineCount);
  });

  it('reports no error on the valid fixture', async () => {
    const { document } = await openFixture('greeting.prompt');
    // Diagnostics of a clean file stay empty; give the checker the same chance it had above.
    await new Promise((r) => setTimeout(r, 1500));
    const errors = vscode.languages.getDiagnostics(document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => d.message), []);
  });
});
