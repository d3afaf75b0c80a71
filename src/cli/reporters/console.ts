// The default reporter: a live progress line on a terminal, one plain line per case elsewhere, then the
// failures in detail and a summary table.
import type { CaseResult, PlannedCase, RunEvent, RunPlan, RunSummary } from '../../core/runner/types';
import type { OutStream } from '../io';
import { displayPath as displayPathOf } from '../files';
import { cost, duration, groupRow, groupStatus, oneLine, symbol, table } from './format';

const REDRAW_MS = 80;
/** Plain lines (CI logs, pipes) are written at most this often: one write per case costs a system call each. */
const PLAIN_FLUSH_MS = 100;
/** Above this many groups the table lists only the ones that did not pass. */
const FULL_TABLE_LIMIT = 60;

export class ConsoleReporter {
  private done = 0;
  private passed = 0;
  private failed = 0;
  private errored = 0;
  private cached = 0;
  private running = new Set<string>();
  private lastDraw = 0;
  private drawn = false;
  private pending = '';
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** Display paths by file: a run has few files and many cases, and `path.relative` is not free. */
  private readonly paths = new Map<string, string>();

  constructor(
    private readonly out: OutStream,
    private readonly cwd: string,
    private readonly total: number,
  ) {}

  /** Feeds one runner event; safe to call for every event of a run. */
  onEvent(e: RunEvent): void {
    if (e.type === 'started') this.running.add(e.case.id);
    else if (e.type === 'cached') this.cached++;
    else if (e.type === 'finished') {
      this.running.delete(e.case.id);
      this.done++;
      if (e.result.status === 'passed') this.passed++;
      else if (e.result.status === 'failed') this.failed++;
      else if (e.result.status === 'error') this.errored++;
      if (this.out.isTTY) {
        if (e.result.status === 'failed' || e.result.status === 'error') this.above(this.caseLine(e.case, e.result));
        this.draw(this.done === this.total);
      } else this.plain(`${this.caseLine(e.case, e.result)}\n`);
    }
  }

  /** Prints failures in detail, the table, and the totals. */
  finish(summary: RunSummary, plan: RunPlan): void {
    this.flush();
    this.clear();
    const failing = summary.results.filter((r) => r.status === 'failed' || r.status === 'error');
    if (failing.length > 0) {
      this.out.write('\nFailures:\n');
      // One cause (a missing key, a refused endpoint) often stops many cases: its text is printed once in full.
      const firstWith = new Map<string, string>();
      for (const r of failing) this.out.write(this.failureDetail(plan.cases[r.index], r, firstWith));
    }
    const groups = summary.groups.length > FULL_TABLE_LIMIT ? summary.groups.filter((g) => !g.pass) : summary.groups;
    if (groups.length > 0) {
      const rows = [['', 'file', 'test', 'model', 'passes', 'latency', 'cost']];
      for (const g of groups) {
        const rs = g.caseIndexes.map((i) => summary.results[i]);
        // The latency of calls really made: a cached reply's is the first fetch's, as the store and the diff count it.
        const latencies = rs.filter((r) => !r.cached).map((r) => r.latencyMs).filter((l): l is number => l !== undefined);
        const costs = rs.map((r) => r.costUsd);
        const row = groupRow(plan, g);
        rows.push([
          symbol(groupStatus(g)),
          displayPathOf(this.cwd, g.filePath),
          oneLine(g.testName, 60) + (row !== undefined ? ` › row ${row}` : ''),
          g.model ?? '–',
          g.total > 1 ? `${g.passes}/${g.total}${g.threshold < 1 ? ` (≥${Math.round(g.threshold * 100)}%)` : ''}` : `${g.passes}/1`,
          latencies.length > 0 ? duration(latencies.reduce((a, b) => a + b, 0) / latencies.length) : rs.length > 0 && rs.every((r) => r.cached) ? 'cached' : '–',
          costs.some((c) => c === undefined) ? 'unknown' : cost(costs.reduce<number>((a, b) => a + (b ?? 0), 0)),
        ]);
      }
      if (groups.length < summary.groups.length) this.out.write(`\n${summary.groups.length - groups.length} passing tests not listed.\n`);
      this.out.write(`\n${table(rows)}\n`);
    }
    const parts = [`${summary.passed} passed`, `${summary.failed} failed`];
    if (summary.errors > 0) parts.push(`${summary.errors} errors`);
    if (summary.cancelled > 0) parts.push(`${summary.cancelled} cancelled`);
    parts.push(`${summary.cached}/${summary.results.length} cached`);
    this.out.write(`\n${parts.join(', ')} · ${duration(summary.durationMs)} · cost ${cost(summary.costUsd)}\n`);
  }

  private caseLine(c: PlannedCase, r: CaseResult): string {
    const where = `${this.displayPath(c.filePath)}:${c.range.start.line + 1}`;
    const extra = r.status === 'error' ? ` [${r.error?.kind ?? 'error'}] ${oneLine(r.error?.message ?? '', 120)}` : '';
    const time = r.cached ? 'cached' : duration(r.latencyMs);
    return `${symbol(r.status)} ${where} ${oneLine(c.id, 120)} (${time})${extra}`;
  }

  private displayPath(filePath: string): string {
    let p = this.paths.get(filePath);
    if (p === undefined) this.paths.set(filePath, (p = displayPathOf(this.cwd, filePath)));
    return p;
  }

  private failureDetail(c: PlannedCase, r: CaseResult, firstWith: Map<string, string>): string {
    const lines = [`\n${symbol(r.status)} ${oneLine(c.id, 200)}`];
    const file = displayPathOf(this.cwd, c.filePath);
    const failed = r.assertions.filter((x) => !x.pass);
    // An assertion that could not be judged is also the case's error; its own line, at the assertion, says it once.
    const error = r.error;
    const repeated = error?.kind === 'assertion' && failed.some((a) => `${a.type}: ${a.reason}` === error.message);
    if (error !== undefined && !repeated) {
      const text = `${error.kind}: ${oneLine(error.message, 400)}`;
      const first = firstWith.get(text);
      if (first === undefined) firstWith.set(text, oneLine(c.id, 120));
      lines.push(`    ${file}:${c.range.start.line + 1}: ${first === undefined ? text : `${error.kind}: the same error as "${first}"`}`);
    }
    for (const a of failed) {
      lines.push(`    ${file}:${a.range.start.line + 1}: ${a.type}: ${oneLine(a.reason, 400)}`);
    }
    if (r.output !== undefined) lines.push(`    output: ${oneLine(r.output, 300)}`);
    return `${lines.join('\n')}\n`;
  }

  /** Plain lines are gathered and written in chunks (64 KiB or every PLAIN_FLUSH_MS), and at the end. */
  private plain(line: string): void {
    this.pending += line;
    if (this.pending.length > 64 * 1024) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), PLAIN_FLUSH_MS);
  }

  private flush(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.out.write(text);
  }

  private above(line: string): void {
    this.clear();
    this.out.write(`${line}\n`);
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const width = Math.max(40, (this.out.columns ?? 100) - 1);
    const running = this.running.size > 0 ? ` · ${oneLine([...this.running][0], 60)}` : '';
    const line = `[${this.done}/${this.total}] ✓ ${this.passed} ✗ ${this.failed} ! ${this.errored} · ${this.cached} cached${running}`;
    this.out.write(`\r\x1b[K${line.slice(0, width)}`);
    this.drawn = true;
  }

  private clear(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }
}
