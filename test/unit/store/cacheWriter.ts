// Child process for the response-cache concurrency and kill tests: puts replies into a store folder's cache.
// Usage: node -r tsx/cjs cacheWriter.ts DIR TAG COUNT [forever]
import { silentLogger, systemClock } from '../../../src/core/io';
import { cacheKey } from '../../../src/core/store/key';
import { openStore } from '../../../src/core/store/store';

async function main(): Promise<void> {
  const [dir, tag, countText, mode] = process.argv.slice(2);
  const store = await openStore({ dir, logger: silentLogger, clock: systemClock });
  const count = Number(countText);
  const pending: Promise<void>[] = [];
  for (let i = 0; mode === 'forever' || i < count; i++) {
    // Both writers also put the shared keys; a big reply now and then makes a line span many pages.
    const k = cacheKey({ provider: 'p', endpoint: 'e', model: 'm', config: { tag: i % 10 === 0 ? 'shared' : tag, i }, messages: [], output: { format: 'text' } });
    pending.push(store.cache.put(k, { text: `${i % 10 === 0 ? 'shared' : tag}:${i}:${'x'.repeat(i % 50 === 0 ? 20_000 : 40)}`, finishReason: 'stop', latencyMs: 1, model: 'm' }));
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
