// Prints the provider × fault → outcome matrix against the mock LLM server, as a Markdown table.
// Run: npx tsx scripts/faultMatrix.ts
import { startMockLlm } from '../test/fixtures/mockLlm/server';
import { faultCases, providerCases, runFaultCase } from '../test/unit/providers/harness';

async function main(): Promise<void> {
  const mock = await startMockLlm();
  const header = ['fault', 'mode', ...providerCases.map((c) => (c.id === 'local' ? 'compatible' : c.id))];
  const rows: string[][] = [];
  let unexpected = 0;
  try {
    for (const f of faultCases) {
      const row = [f.name, f.stream ? 'stream' : 'json'];
      for (const c of providerCases) {
        const { outcome, label } = await runFaultCase(mock, c, f);
        const ok = outcome.ok ? f.expect === 'ok' || f.expect === 'ok|network' : f.expect === outcome.error.kind || (f.expect === 'ok|network' && outcome.error.kind === 'network');
        if (!ok) unexpected++;
        row.push(ok ? label : `UNEXPECTED ${label}`);
      }
      rows.push(row);
    }
  } finally {
    await mock.close();
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: readonly string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`${[fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(fmt)].join('\n')}\n`);
  process.stdout.write(`\n${rows.length * providerCases.length} cells, ${unexpected} unexpected. "ok after N attempts" = recovered by retry; otherwise the ProviderError kind.\n`);
  if (unexpected > 0) process.exitCode = 1;
}

void main();
