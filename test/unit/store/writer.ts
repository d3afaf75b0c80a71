// Child process for the concurrency and kill tests: appends records to a store folder.
// Usage: node -r tsx/cjs writer.ts DIR TAG COUNT [forever]
import { silentLogger, systemClock } from '../../../src/core/io';
import { openStore } from '../../../src/core/store/store';
import { record } from './fixtures';

async function main(): Promise<void> {
  const [dir, tag, countText, mode] = process.argv.slice(2);
  const store = await openStore({ dir, logger: silentLogger, clock: systemClock });
  const count = Number(countText);
  const pending: Promise<void>[] = [];
  for (let i = 0; mode === 'forever' || i < count; i++) {
    // Unawaited appends in bursts exercise the writer's queue; a big output makes each line span many pages.
    pending.push(store.append(record({ id: `${tag}-${i}`, runId: tag, testName: `t${i % 7}`, caseId: `c${i % 7}`, output: `${tag} `.repeat(i % 50 === 0 ? 5000 : 20) })));
    if (pending.length >= 25) {
      await Promise.all(pending.splice(0));
      if (mode === 'forever') process.stdout.write(`${i}\n`);
    }
  }
  await Promise.all(pending);
  await store.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
