import * as assert from 'node:assert/strict';
import { e2e } from '../helpers/session';
import { openFromExplorer, problems, typeAtEnd } from '../helpers/workbench';

describe('Problems panel', () => {
  it('shows a PromptOps diagnostic after typing a broken template tag', async () => {
    const { page } = e2e();
    await openFromExplorer(page, 'greeting.prompt');
    await typeAtEnd(page, '\n{{#each items}}never closed\n');
    const rows = await problems(page, (r) => r.some((t) => /greeting\.prompt/.test(t)) && r.some((t) => /promptops/i.test(t)));
    assert.ok(rows.some((t) => /each/i.test(t)), `no row names the unclosed block:\n${rows.join('\n')}`);
  });
});
