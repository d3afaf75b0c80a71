// Reading provider bodies: UTF-8 split between network chunks, a byte-order mark, and the size bound.
import * as assert from 'node:assert/strict';
import { readBoundedText, readTextChunks, type BodyContext } from '../../../src/core/providers/body';

const ctx: BodyContext = { provider: 'p', label: 'P', endpoint: 'http://127.0.0.1:1', maxBytes: 64 };

function streamOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

// "héllo €" with both multi-byte characters cut between chunks, after a byte-order mark.
const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('héllo €', 'utf8')]);
const pieces = [bytes.subarray(0, 5), bytes.subarray(5, 11), bytes.subarray(11)];

describe('provider body reading', () => {
  it('keeps characters split between chunks whole and drops a byte-order mark, streamed or whole', async () => {
    const parts: string[] = [];
    await readTextChunks(streamOf(pieces), ctx, 'stream', (t) => parts.push(t));
    assert.equal(parts.join(''), 'héllo €');
    assert.ok(parts.length > 1, 'text is delivered as it arrives');
    const res = new Response(streamOf(pieces));
    assert.equal(await readBoundedText(res, ctx), 'héllo €');
  });

  it('stops reading past maxBytes with a bad-response error', async () => {
    const big = [new Uint8Array(40), new Uint8Array(40)];
    await assert.rejects(readBoundedText(new Response(streamOf(big)), ctx), (e: Error & { kind?: string }) => e.kind === 'bad-response' && /larger than/.test(e.message));
    await assert.rejects(readTextChunks(streamOf(big), ctx, 'stream', () => undefined), /larger than/);
  });
});
