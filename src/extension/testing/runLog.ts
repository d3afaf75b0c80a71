// What each Test Explorer run did to each item, kept for the extension's API (integration tests read it, since VS Code
// offers no public way to read test results back) and for the "running" status.
import * as vscode from 'vscode';

export type ItemState = 'enqueued' | 'started' | 'passed' | 'failed' | 'errored' | 'skipped';

export interface LoggedMessage {
  readonly message: string;
  readonly uri?: string;
  /** 0-based line of the message's location. */
  readonly line?: number;
  readonly expected?: string;
  readonly actual?: string;
}

export interface LoggedItem {
  /** Every state the item went through, in order. */
  readonly states: ItemState[];
  messages: LoggedMessage[];
  durationMs?: number;
  output: string;
}

export interface RunLogEntry {
  readonly id: number;
  readonly items: Map<string, LoggedItem>;
  ended: boolean;
}

/** Records runs as they happen; keeps the last few. */
export class RunLog implements vscode.Disposable {
  private readonly runs: RunLogEntry[] = [];
  private nextId = 1;
  private readonly _onDidEndRun = new vscode.EventEmitter<RunLogEntry>();
  readonly onDidEndRun = this._onDidEndRun.event;

  get recent(): readonly RunLogEntry[] {
    return this.runs;
  }

  begin(): RunLogEntry {
    const entry: RunLogEntry = { id: this.nextId++, items: new Map(), ended: false };
    this.runs.push(entry);
    if (this.runs.length > 20) this.runs.shift();
    return entry;
  }

  end(entry: RunLogEntry): void {
    entry.ended = true;
    this._onDidEndRun.fire(entry);
  }

  dispose(): void {
    this._onDidEndRun.dispose();
  }
}

function item(entry: RunLogEntry, id: string): LoggedItem {
  let i = entry.items.get(id);
  if (!i) entry.items.set(id, (i = { states: [], messages: [], output: '' }));
  return i;
}

function logged(m: vscode.TestMessage): LoggedMessage {
  const text = typeof m.message === 'string' ? m.message : m.message.value;
  return {
    message: text,
    ...(m.location ? { uri: m.location.uri.toString(), line: m.location.range.start.line } : {}),
    ...(m.expectedOutput !== undefined ? { expected: m.expectedOutput } : {}),
    ...(m.actualOutput !== undefined ? { actual: m.actualOutput } : {}),
  };
}

/** A TestRun facade that records every state change before passing it on. */
export class RecordedRun {
  constructor(readonly run: vscode.TestRun, readonly entry: RunLogEntry) {}

  enqueued(t: vscode.TestItem): void {
    item(this.entry, t.id).states.push('enqueued');
    this.run.enqueued(t);
  }

  started(t: vscode.TestItem): void {
    item(this.entry, t.id).states.push('started');
    this.run.started(t);
  }

  passed(t: vscode.TestItem, durationMs?: number): void {
    const i = item(this.entry, t.id);
    i.states.push('passed');
    if (durationMs !== undefined) i.durationMs = durationMs;
    this.run.passed(t, durationMs);
  }

  failed(t: vscode.TestItem, messages: vscode.TestMessage | readonly vscode.TestMessage[], durationMs?: number): void {
    this.recordEnd(t, 'failed', messages, durationMs);
    this.run.failed(t, messages, durationMs);
  }

  errored(t: vscode.TestItem, messages: vscode.TestMessage | readonly vscode.TestMessage[], durationMs?: number): void {
    this.recordEnd(t, 'errored', messages, durationMs);
    this.run.errored(t, messages, durationMs);
  }

  private recordEnd(t: vscode.TestItem, state: ItemState, messages: vscode.TestMessage | readonly vscode.TestMessage[], durationMs: number | undefined): void {
    const i = item(this.entry, t.id);
    i.states.push(state);
    i.messages = (Array.isArray(messages) ? messages : [messages]).map(logged);
    if (durationMs !== undefined) i.durationMs = durationMs;
  }

  skipped(t: vscode.TestItem): void {
    item(this.entry, t.id).states.push('skipped');
    this.run.skipped(t);
  }

  appendOutput(text: string, t: vscode.TestItem): void {
    item(this.entry, t.id).output += text;
    this.run.appendOutput(text, undefined, t);
  }
}
