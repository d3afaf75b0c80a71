// Newline-delimited JSON over a response body (Ollama's streaming format).
import { readTextChunks, type BodyContext } from './body';
import type { BodyStream } from './transport';

/** Calls `onLine` with each non-blank line of an NDJSON body (the last line may lack a newline). */
export async function readNdjson(body: BodyStream | null, ctx: BodyContext, onLine: (line: string) => void): Promise<void> {
  let buffer = '';
  await readTextChunks(body, ctx, 'stream', (text) => {
    buffer += text;
    let nl = buffer.indexOf('\n');
    while (nl !== -1) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line.trim() !== '') onLine(line);
      nl = buffer.indexOf('\n');
    }
  });
  if (buffer.trim() !== '') onLine(buffer);
}
