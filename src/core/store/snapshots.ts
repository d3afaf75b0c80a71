// Prompt-text snapshots, content-addressed: `snapshots/<sha256>.txt`, so every version that ever ran can be
// diffed later, committed or not.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../io';
import { describeError, isMissing, makeFolder, writeAtomic, type MakeFolder } from './files';
import { hashText } from './key';

const HASH = /^[0-9a-f]{64}$/;

/** The snapshot folder of a store. */
export class SnapshotStore {
  /** The texts this store wrote or found on disk, by hash: put skips them, and a reset writes them again. */
  private readonly known = new Map<string, string>();

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly make: MakeFolder = makeFolder,
  ) {}

  /** Stores the text once (by content hash) and returns the hash. */
  async put(text: string): Promise<string> {
    const hash = hashText(text);
    if (this.known.has(hash)) return hash;
    const path = join(this.dir, `${hash}.txt`);
    const exists = await fs.stat(path).then(
      (s) => s.size === Buffer.byteLength(text),
      () => false,
    );
    if (!exists) await this.write(path, text);
    this.known.set(hash, text);
    return hash;
  }

  /** Writes every known text again: the folder was deleted under this store, and records that name them follow. */
  async writeAgain(): Promise<void> {
    for (const [hash, text] of this.known) await this.write(join(this.dir, `${hash}.txt`), text);
  }

  private async write(path: string, text: string): Promise<void> {
    await this.make(this.dir);
    await writeAtomic(path, text);
  }

  /** The text stored under a hash, or undefined when absent or damaged (its content no longer matches the hash). */
  async get(hash: string): Promise<string | undefined> {
    if (!HASH.test(hash)) return undefined;
    const path = join(this.dir, `${hash}.txt`);
    let text: string;
    try {
      text = await fs.readFile(path, 'utf8');
    } catch (e) {
      if (!isMissing(e)) this.logger.warn(`Snapshot ${path} could not be read: ${describeError(e)}`);
      return undefined;
    }
    if (hashText(text) !== hash) {
      this.logger.warn(`Snapshot ${path} is damaged (its content does not match its name); ignoring it.`);
      this.known.delete(hash);
      return undefined;
    }
    return text;
  }

  /** Count and total size of the stored snapshots. */
  async stats(): Promise<{ count: number; bytes: number }> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return { count: 0, bytes: 0 };
    }
    let count = 0;
    let bytes = 0;
    for (const name of names) {
      if (!name.endsWith('.txt') || !HASH.test(name.slice(0, -4))) continue;
      const st = await fs.stat(join(this.dir, name)).catch(() => undefined);
      if (!st) continue;
      count++;
      bytes += st.size;
    }
    return { count, bytes };
  }
}
