// This process's own history segment and its summary index: lines go to the segment first, then their summaries to
// the index, so an index line never points past what the segment holds.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Logger } from '../io';
import { describeError, makeFolder, type MakeFolder } from './files';
import { encodeLines, newSegmentName } from './segmentLine';
import { summarize } from './summary';
import { SummaryIndexWriter, summaryIndexName, type SummaryLine } from './summaryIndex';
import type { RunRecord } from './types';

/** Writes one segment (created on the first append) and its summary index; calls must not overlap. */
export class SegmentWriter {
  private segment: fs.FileHandle | undefined;
  /** The segment's inode, to tell whether the file at its path is still the one this writer appends to. */
  private ino = 0;
  /** The segment's file name, once created. */
  name: string | undefined;
  /** Bytes written to the segment, so each summary line knows where its record is. */
  private size = 0;
  /** Undefined once writing the index failed (readers then read the segment itself). */
  private index: fs.FileHandle | undefined;
  private encoder = new SummaryIndexWriter();

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
    /** Told when the segment was found gone from its path (its folder deleted by hand): the store was reset. */
    private readonly onGone: () => Promise<void> = () => Promise.resolve(),
    private readonly make: MakeFolder = makeFolder,
  ) {}

  /** Appends records as whole lines (one write), then their summary lines to the segment's index. */
  async write(records: readonly RunRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { data, lines } = encodeLines(records);
    await this.append(data);
    if (this.name !== undefined && (await fs.stat(join(this.dir, this.name)).catch(() => undefined))?.ino !== this.ino) {
      // The store folder (or this segment) was deleted or moved away while the file was open: the lines went to a
      // file no reader will find. They go again to a fresh segment, created where the history now is.
      await this.close();
      await this.onGone();
      await this.append(data);
    }
    // The segment is written first: an index line never points past the segment's end, and an index left behind by
    // a crash here only makes readers read the rest from the segment.
    let at = this.size - data.length;
    const index = records.map((r, i) => {
      const { len, tab, sum } = lines[i];
      const l: SummaryLine = { at, len, tab, sum, r: summarize(r) };
      at += len;
      return this.encoder.line(l);
    });
    try {
      await this.index?.appendFile(index.join(''));
    } catch (e) {
      this.logger.warn(`Run history summary index for ${this.name} could not be written (lists will read the full history): ${describeError(e)}`);
      const w = this.index;
      this.index = undefined;
      await w?.close().catch(() => undefined);
    }
  }

  /** Appends whole lines to the segment, creating it (and its folder) first when there is none. */
  private async append(data: Buffer): Promise<void> {
    if (!this.segment) {
      await this.make(this.dir);
      this.name = newSegmentName(this.clock.now());
      this.segment = await fs.open(join(this.dir, this.name), 'a');
      this.ino = (await this.segment.stat()).ino;
      this.size = 0;
      this.encoder = new SummaryIndexWriter();
      this.index = await fs.open(join(this.dir, summaryIndexName(this.name)), 'a').catch((e: unknown) => {
        this.logger.warn(`Run history summary index for ${this.name} could not be created (lists will read the full history): ${describeError(e)}`);
        return undefined;
      });
    }
    try {
      await this.segment.appendFile(data);
    } catch (e) {
      // A failed write may have left part of a line; later lines go to a fresh segment so none is glued onto it.
      await this.close();
      throw new Error(`Could not append to the run history in ${this.dir}: ${describeError(e)}`);
    }
    this.size += data.length;
  }

  /** Closes the files; the next write starts a fresh segment. */
  async close(): Promise<void> {
    const w = this.segment;
    const i = this.index;
    this.segment = undefined;
    this.index = undefined;
    this.name = undefined;
    await w?.close().catch(() => undefined);
    await i?.close().catch(() => undefined);
  }
}
