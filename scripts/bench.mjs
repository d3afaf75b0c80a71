// `npm run bench [name…]`: runs the benchmarks in bench/ one after another (all, or those whose file name contains a
// given word) and leaves the figures on stdout; docs/benchmarks.md records them with the command of each.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const words = process.argv.slice(2);
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => words.length === 0 || words.some((w) => f.includes(w)))
  .sort();
if (benches.length === 0) {
  console.error(`no benchmark matches ${words.join(', ')}; available: ${readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).join(', ')}`);
  process.exit(2);
}
// The CLI benchmarks time the built bundles.
spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
let failed = 0;
for (const b of benches) {
  console.log(`\n── bench/${b}`);
  const r = spawnSync('npx', ['tsx', `bench/${b}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
