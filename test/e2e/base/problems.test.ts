import * as assert from 'node:assert/strict';
import { e2e } from '../helpers/session';
import { openFromExplorer, problems, runCommand, typeAtEnd } from '../helpers/workbench';

describe('Problems panel', () => {
  it('shows a PromptOps diagnostic after typing a broken template tag', async () => {
    const { page } = e2e();
    await openFromExplorer(page, 'typing.prompt');
    await typeAtEnd(page, '\n{{#each items}}never closed\n');
    try {
      const rows = await problems(page, (r) => r.some((t) => /typing\.prompt/.test(t)) && r.some((t) => /promptops/i.test(t)));
      // Auto-closing brackets and suggestions shape what the keystrokes leave, so any template error code counts.
      assert.ok(rows.some((t) => /PO2\d{3}/.test(t)), `no template error among the rows:\n${rows.join('\n')}`);
    } finally {
      // The fixture is only this test's, but a later run of it expects the file as it is on disk.
      await openFromExplorer(page, 'typing.prompt');
      await runCommand(page, 'File: Revert File');
    }
  });
});
