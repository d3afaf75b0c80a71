// The floor for `promptops test` cold (bench/cli.bench.ts): the simplest client that does the same network work, a
// fresh Node process running `concurrency` loops of keep-alive node:http POSTs to the mock, with the CLI's request
// (same path, headers and body shape and size) and reading each JSON reply. Nothing else: no engine, no files.
// Usage: node bench/cliFloor.cjs <openai-compatible base URL> [requests=1000] [concurrency=8]
'use strict';
const http = require('node:http');

const base = new URL(process.argv[2]);
const total = Number(process.argv[3] ?? 1000);
const concurrency = Number(process.argv[4] ?? 8);
const agent = new http.Agent({ keepAlive: true });
let next = 0;

/** The body the CLI sends for row i of bench/runnerWorkspace.ts's prompt. */
function body(i) {
  return JSON.stringify({
    temperature: 0,
    messages: [
      { role: 'system', content: '\nYou classify support tickets as billing, shipping or other.\n' },
      { role: 'user', content: `\nticket ${i}: my order #${1000 + i} arrived late` },
    ],
    model: 'bench-model',
  });
}

function post(i) {
  const data = Buffer.from(body(i), 'utf8');
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: `${base.pathname}/chat/completions`,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer bench-key', 'content-length': String(data.length) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`mock answered ${res.statusCode}`));
          else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function loop() {
  while (next < total) await post(next++);
}

Promise.all(Array.from({ length: concurrency }, loop)).then(
  () => agent.destroy(),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
