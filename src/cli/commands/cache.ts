// `promptops cache stats|clear|prune`: inspect and maintain the local response cache.
import { parseArgs, UsageError, type OptionSpec } from '../args';
import { EXIT_OK, type CliIo } from '../io';
import { openStoreOnly } from '../session';

const options: OptionSpec[] = [{ name: 'json', kind: 'flag' }];
const ACTIONS = ['stats', 'clear', 'prune'] as const;

/** Prints cache and history sizes, or empties / prunes the cache. */
export async function cacheCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, options);
  const [action, ...extra] = args.positionals;
  if (action === undefined || !(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`cache needs one of ${ACTIONS.join(', ')}${action !== undefined ? `, got "${action}"` : ''}`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const { store, dir } = await openStoreOnly(io);
  try {
    if (action === 'stats') {
      const s = await store.stats();
      if (args.flags.get('json') === true) {
        io.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
        return EXIT_OK;
      }
      const ttlDays = s.cache.ttlMs > 0 && Number.isFinite(s.cache.ttlMs) ? `${Math.round(s.cache.ttlMs / 86_400_000)} days` : 'never';
      io.stdout.write(
        [
          `store:     ${dir}`,
          `cache:     ${s.cache.entries} entries, ${mb(s.cache.bytes)} of ${mb(s.cache.maxBytes)}, entries expire after ${ttlDays}`,
          `history:   ${s.history.records} runs of ${s.history.prompts} prompts, ${mb(s.history.bytes)}, ${s.history.cachedRecords} served from cache` +
            (s.history.damagedLines > 0 ? `, ${s.history.damagedLines} damaged lines skipped` : ''),
          `snapshots: ${s.snapshots.count} prompt versions, ${mb(s.snapshots.bytes)}`,
        ].join('\n') + '\n',
      );
    } else {
      const r = action === 'clear' ? await store.cache.clear() : await store.cache.prune();
      io.stdout.write(`${action === 'clear' ? 'cleared' : 'pruned'}: ${r.removed} entries removed, ${mb(r.freedBytes)} freed\n`);
    }
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}
