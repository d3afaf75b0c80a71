// The node:http transport under the provider policy: pooled keep-alive connections, aborts that close the socket,
// content codings a server sends unasked, redirects refused, and an injected fetch still honoured.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { nodeTransport, type HttpReply } from '../../../src/core/providers/transport';
import { readBoundedText } from '../../../src/core/providers/body';
import { createProviderClient } from '../../../src/core/providers/registry';
import { envCredentials } from '../../../src/core/providers/credentials';
import { isProviderError } from '../../../src/core/providers/errors';
import { request } from './harness';

interface TestServer {
  readonly url: string;
  readonly connections: () => number;
  readonly requests: http.IncomingMessage[];
  close(): Promise<void>;
}

async function serve(handler: http.RequestListener): Promise<TestServer> {
  let connections = 0;
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const ctx = { provider: 'p', label: 'P', endpoint: 'http://x', maxBytes: 1 << 20 };

function post(transport: ReturnType<typeof nodeTransport>, url: string, signal = new AbortController().signal): Promise<HttpReply> {
  return transport(url, { headers: { 'content-type': 'application/json' }, body: '{"q":"é"}', signal });
}

describe('providers: node transport', function () {
  this.timeout(10_000);
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const start = async (handler: http.RequestListener): Promise<TestServer> => {
    const s = await serve(handler);
    servers.push(s);
    return s;
  };

  it('sends the body with its byte length and reuses one keep-alive connection for sequential requests', async () => {
    const bodies: string[] = [];
    const s = await start((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (text += d));
      req.on('end', () => {
        bodies.push(`${req.headers['content-length']}:${text}`);
        res.end('{"ok":true}');
      });
    });
    const transport = nodeTransport();
    for (let i = 0; i < 5; i++) {
      const reply = await post(transport, `${s.url}/v1/chat`);
      assert.equal(reply.status, 200);
      assert.equal(await readBoundedText(reply, ctx), '{"ok":true}');
    }
    assert.deepEqual(bodies, Array(5).fill('10:{"q":"é"}'));
    assert.equal(s.connections(), 1);
  });

  it('opens one connection per concurrent request and reuses them for the next wave', async () => {
    const s = await start((_req, res) => setTimeout(() => res.end('x'), 20));
    const transport = nodeTransport();
    for (let wave = 0; wave < 3; wave++) {
      const replies = await Promise.all(Array.from({ length: 8 }, () => post(transport, s.url)));
      assert.deepEqual(await Promise.all(replies.map((r) => readBoundedText(r, ctx))), Array(8).fill('x'));
    }
    assert.equal(s.connections(), 8);
  });

  it('aborting mid-body closes the connection at once and fails the read', async () => {
    let closed!: () => void;
    const socketClosed = new Promise<void>((resolve) => (closed = resolve));
    const s = await start((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      req.socket.once('close', closed);
    });
    const controller = new AbortController();
    const reply = await post(nodeTransport(), s.url, controller.signal);
    const reading = readBoundedText(reply, ctx);
    setTimeout(() => controller.abort(new Error('stop')), 30);
    await assert.rejects(reading);
    await socketClosed;
  });

  it('an abort while nobody reads the body is reported to the later reader, not thrown from the stream', async () => {
    const s = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
    });
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown): void => void uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const controller = new AbortController();
      const reply = await post(nodeTransport(), s.url, controller.signal);
      controller.abort(new Error('stopped before reading'));
      await new Promise((r) => setTimeout(r, 50));
      await assert.rejects(readBoundedText(reply, ctx), /stopped before reading/);
      assert.deepEqual(uncaught, []);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('rejects at once when the signal is already aborted, without connecting', async () => {
    const s = await start((_req, res) => res.end());
    const controller = new AbortController();
    controller.abort(new Error('early'));
    await assert.rejects(post(nodeTransport(), s.url, controller.signal), /early/);
    assert.equal(s.connections(), 0);
  });

  it('asks for no content coding and decodes gzip a server sends anyway', async () => {
    const s = await start((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
      res.end(gzipSync('{"text":"décodé"}'));
    });
    const reply = await post(nodeTransport(), s.url);
    assert.equal(await readBoundedText(reply, ctx), '{"text":"décodé"}');
    assert.equal(s.requests[0].headers['accept-encoding'], undefined);
  });

  it('speaks TLS to an https URL (its client is loaded on the first https request)', async () => {
    // A bare TCP server: the first bytes a TLS client sends are a handshake record (type 22), never an HTTP line.
    const first = new Promise<Buffer>((resolve) => {
      const server = net.createServer((socket) => {
        socket.once('data', (d: Buffer) => {
          resolve(d);
          socket.destroy();
          server.close();
        });
      });
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        void post(nodeTransport(), `https://127.0.0.1:${port}/v1`).catch(() => undefined);
      });
    });
    const bytes = await first;
    assert.equal(bytes[0], 0x16, 'a TLS handshake record');
    assert.ok(!bytes.toString('latin1').startsWith('POST'), 'not plain HTTP');
  });

  it('refuses a URL that is neither http nor https', async () => {
    await assert.rejects(post(nodeTransport(), 'file:///etc/passwd'), /unsupported protocol file:/);
    await assert.rejects(post(nodeTransport(), 'not a url'), /invalid URL/);
  });
});

describe('providers: transport under the policy', function () {
  this.timeout(10_000);
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('does not follow a redirect, so the key never reaches another host', async () => {
    const elsewhere = await serve((_req, res) => res.end('{}'));
    try {
      s = await serve((_req, res) => {
        res.writeHead(307, { location: `${elsewhere.url}/v1/chat/completions` });
        res.end();
      });
      const client = createProviderClient('local', { providers: { local: { type: 'openai-compatible', baseUrl: `${s.url}/v1`, apiKeyEnv: 'K', source: 'user', maxRetries: 0 } } }, { credentials: envCredentials({ K: 'secret-key-123' }) });
      const error = await client.chat(request()).then(() => undefined, (e: unknown) => e);
      assert.ok(isProviderError(error));
      assert.equal(error.kind, 'bad-request');
      assert.match(error.message, /redirect \(307\).*not followed/);
      assert.equal(elsewhere.requests.length, 0);
    } finally {
      await elsewhere.close();
    }
  });

  it('sends through the fetch the caller gives instead of the node client', async () => {
    s = await serve((_req, res) => res.end('{}'));
    const urls: string[] = [];
    const client = createProviderClient('local', { providers: { local: { type: 'openai-compatible', baseUrl: `${s.url}/v1`, apiKeyEnv: 'K', source: 'user', maxRetries: 0 } } }, {
      credentials: envCredentials({ K: 'secret-key-123' }),
      fetch: (url, init) => {
        urls.push(url);
        assert.equal(init.redirect, 'error');
        return Promise.resolve(new Response(JSON.stringify({ id: 'x', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] }), { headers: { 'content-type': 'application/json' } }));
      },
    });
    const reply = await client.chat(request());
    assert.equal(reply.text, 'hi');
    assert.deepEqual(urls, [`${s.url}/v1/chat/completions`]);
    assert.equal(s.requests.length, 0);
  });
});
