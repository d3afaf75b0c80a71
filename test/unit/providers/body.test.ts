// Reading provider bodies: UTF-8 split between network chunks, a byte-order mark, and the size bound.
import * as assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
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

  it('reads a Node stream the same way: split characters whole, bounded, and destroyed when it stops early', async () => {
    const parts: string[] = [];
    await readTextChunks(Readable.from(pieces.map((p) => Buffer.from(p))), ctx, 'stream', (t) => parts.push(t));
    assert.equal(parts.join(''), 'héllo €');
    const whole = { status: 200, headers: { get: () => null }, body: Readable.from(pieces.map((p) => Buffer.from(p))) };
    assert.equal(await readBoundedText(whole, ctx), 'héllo €');

    const big = new PassThrough();
    big.write(new Uint8Array(40));
    big.write(new Uint8Array(40));
    await assert.rejects(readBoundedText({ status: 200, headers: { get: () => null }, body: big }, ctx), /larger than/);
    assert.ok(big.destroyed, 'an oversized body is not left to drain');

    const throws = Readable.from([Buffer.from('a'), Buffer.from('b')]);
    await assert.rejects(readTextChunks(throws, ctx, 'stream', () => { throw new Error('listener broke'); }), /listener broke/);
    assert.ok(throws.destroyed);
  });

  it('fails a Node stream that errors or closes before its end, instead of returning part of the body', async () => {
    const reset = new PassThrough();
    const read = readBoundedText({ status: 200, headers: { get: () => null }, body: reset }, ctx);
    reset.write('{"par');
    setImmediate(() => reset.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
    await assert.rejects(read, (e: Error & { code?: string }) => e.code === 'ECONNRESET');

    const cut = new PassThrough();
    const cutRead = readBoundedText({ status: 200, headers: { get: () => null }, body: cut }, ctx);
    cut.write('{"par');
    setImmediate(() => cut.destroy());
    await assert.rejects(cutRead, (e: Error & { code?: string }) => e.code === 'ERR_STREAM_PREMATURE_CLOSE');

    const gone = new PassThrough();
    gone.destroy();
    await assert.rejects(readBoundedText({ status: 200, headers: { get: () => null }, body: gone }, ctx), /Premature close/);
  });
});
