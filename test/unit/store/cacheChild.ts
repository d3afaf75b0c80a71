// Child process for the cross-process cache tests: a long-lived store (like the editor's) driven over stdin.
// Lines in: `put <key> <bytes>` (a reply of that many bytes), `get <key>`, `exit`. Lines out: `put <key>` once the put
// is written, `hit <key>` / `miss <key>`, `ready` at start.
// Usage: node -r tsx/cjs cacheChild.ts DIR MAX_BYTES
import { createInterface } from 'node:readline';
import { systemClock } from '../../../src/core/io';
import { openStore } from '../../../src/core/store/store';

async function main(): Promise<void> {
  const [dir, maxBytes] = process.argv.slice(2);
  const logger = { info: () => undefined, warn: (m: string) => process.stderr.write(`${m}\n`), error: (m: string) => process.stderr.write(`${m}\n`) };
  const store = await openStore({ dir, logger, clock: systemClock, maxBytes: Number(maxBytes) });
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    const [cmd, key, size] = line.split(' ');
    if (cmd === 'put') {
      await store.cache.put(key, { text: `child:${'c'.repeat(Number(size))}`, finishReason: 'stop', latencyMs: 1, model: 'm' });
      process.stdout.write(`put ${key}\n`);
    } else if (cmd === 'get') {
      process.stdout.write(`${(await store.cache.get(key)) === undefined ? 'miss' : 'hit'} ${key}\n`);
    } else if (cmd === 'exit') break;
  }
  await store.close();
  process.stdin.destroy();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
