// Server-sent events over a response body, parsed by eventsource-parser (the spec's edge cases: CRLF, multi-line data,
// comments, split chunks).
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { readTextChunks, type BodyContext } from './body';
import type { BodyStream } from './transport';

/** Calls `onEvent` for each event of an SSE body; `onEvent` may throw to stop reading. */
export async function readSse(body: BodyStream | null, ctx: BodyContext, onEvent: (event: EventSourceMessage) => void): Promise<void> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (e) => pending.push(e) });
  await readTextChunks(body, ctx, 'stream', (text) => {
    parser.feed(text);
    // Events are handled outside the parser callback so an error thrown by onEvent propagates cleanly.
    while (pending.length > 0) onEvent(pending.shift()!);
  });
}
