// The CLI in-process against temporary workspaces and the loopback mock LLM: exit codes, reporters, store.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promises as fsModule } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/cli';
import { onceReadFileSystem, prefersSmallHeap } from '../../../src/cli/commands/test';
import type { CliIo } from '../../../src/cli/io';
import { openStore } from '../../../src/core/store/store';
import { silentLogger, systemClock } from '../../../src/core/io';
import { startMockLlm, type MockLlm } from '../../fixtures/mockLlm/server';

const HELLO = `---
model: mock/m1
tests:
  - name: greets
    vars:
      name: Ada
    assert:
      - type: contains
        value: Ada
  - name: fails
    vars:
      name: Bob
    assert:
      - type: equals
        value: nope
---
Hello {{name}}
`;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(cwd: string, argv: string[], env: Record<string, string> = { MOCK_KEY: 'sk-local-test-key' }, tty = false): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd,
    env,
    stdout: { write: (t) => void (stdout += t), isTTY: tty, columns: 100 },
    stderr: { write: (t) => void (stderr += t), isTTY: tty },
  };
  const code = await main(argv, io, '9.9.9');
  return { code, stdout, stderr };
}

describe('cli commands', function () {
  this.timeout(30_000);
  let mock: MockLlm;
  let ws: string;
  const ALLOW = '--allow-workspace-endpoints';

  before(async () => {
    mock = await startMockLlm({ latency: 5 });
  });
  after(() => mock.close());
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'po-cli-'));
    mkdirSync(join(ws, 'prompts'));
    writeFileSync(join(ws, 'promptops.config.yaml'), `providers:\n  mock:\n    type: openai-compatible\n    baseUrl: ${mock.urlFor('openai-compatible')}\n    apiKeyEnv: MOCK_KEY\n    maxRetries: 0\n    prices:\n      m1:\n        inputPerMTok: 1000\n        outputPerMTok: 2000\n`);
    writeFileSync(join(ws, 'prompts', 'hello.prompt'), HELLO);
    writeFileSync(join(ws, 'prompts', '_partial.prompt'), 'not a test {{');
    mock.reset();
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('test: exit 1 on a failing test, 0 when only passing ones run; plain lines and a summary without a terminal', async () => {
    const failing = await cli(ws, ['test', ALLOW]);
    assert.equal(failing.code, 1, failing.stderr);
    assert.match(failing.stdout, /^✓ prompts\/hello\.prompt:4 greets › mock\/m1/m);
    assert.match(failing.stdout, /^✗ prompts\/hello\.prompt:10 fails › mock\/m1/m);
    assert.match(failing.stdout, /prompts\/hello\.prompt:\d+: equals: expected "nope"/);
    assert.match(failing.stdout, /1 passed, 1 failed, 0\/2 cached · [\d.]+ m?s · cost \$0\.\d+/);
    assert.ok(!failing.stdout.includes('\r'));
    const passing = await cli(ws, ['test', ALLOW, '--grep', 'greet']);
    assert.equal(passing.code, 0, passing.stderr + passing.stdout);
    assert.match(passing.stdout, /1 passed, 0 failed, 1\/1 cached/);
    const none = await cli(ws, ['test', ALLOW, '--grep', 'greeets']);
    assert.equal(none.code, 2, 'a --grep that selects nothing is a usage error, not a pass');
    assert.match(none.stderr, /no case matches --grep greeets; check the pattern/);
  });

  it('test: reruns come from the cache unless --no-cache, and every case lands in the store', async () => {
    await cli(ws, ['test', ALLOW]);
    assert.equal(mock.requests.length, 2);
    const warm = await cli(ws, ['test', ALLOW]);
    assert.equal(mock.requests.length, 2);
    assert.match(warm.stdout, /2\/2 cached/);
    const cold = await cli(ws, ['test', ALLOW, '--no-cache']);
    assert.equal(mock.requests.length, 4);
    assert.match(cold.stdout, /0\/2 cached/);

    const store = await openStore({ dir: join(ws, '.promptops'), logger: silentLogger, clock: systemClock, workspaceRoot: ws });
    const records = await store.recordsOf('prompts/hello.prompt');
    await store.close();
    assert.equal(records.length, 6);
    assert.ok(records.every((r) => r.tool === 'cli' && r.provider === 'mock' && r.model === 'm1'));
    assert.equal(records.filter((r) => r.cached).length, 2);
    assert.ok(!JSON.stringify(records).includes('sk-local-test-key'));

    const history = await cli(ws, ['history', 'prompts/hello.prompt', '--test', 'greets']);
    assert.equal(history.code, 0);
    assert.equal(history.stdout.trim().split('\n').length, 4, history.stdout);
    assert.match(history.stdout, /greets › mock\/m1/);
    const misspelt = await cli(ws, ['history', 'prompts/hello.prompt', '--test', 'greet']);
    assert.equal(misspelt.stdout, 'no recorded runs of prompts/hello.prompt test "greet"; tests with runs: "fails", "greets"\n');
    const stats = await cli(ws, ['cache', 'stats', '--json']);
    assert.equal((JSON.parse(stats.stdout) as { cache: { entries: number } }).cache.entries, 2);
    const cleared = await cli(ws, ['cache', 'clear']);
    assert.match(cleared.stdout, /cleared: 2 entries removed/);
  });

  it('reporters: json and junit on stdout stay parseable; github annotates the failing assertion line', async () => {
    const json = await cli(ws, ['test', ALLOW, '--reporter', 'json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as { summary: { passed: number; failed: number }; cases: { id: string; status: string; output: string | null; assertions: { line: number }[] }[] };
    assert.deepEqual([report.summary.passed, report.summary.failed], [1, 1]);
    assert.deepEqual(report.cases.map((c) => `${c.id}:${c.status}`), ['greets › mock/m1:passed', 'fails › mock/m1:failed']);
    // The console reporter lets the runner drop passing detail; the JSON report lists it in full.
    assert.ok(report.cases.every((c) => typeof c.output === 'string' && c.output !== '' && c.assertions.length > 0), json.stdout);
    assert.match(json.stderr, /1 passed, 1 failed/);

    const junit = await cli(ws, ['test', ALLOW, '-r', 'junit']);
    assert.match(junit.stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="promptops" tests="2" failures="1" errors="0"/);
    assert.match(junit.stdout, /<\/testsuites>\n$/);

    const out = join(ws, 'report.xml');
    const toFile = await cli(ws, ['test', ALLOW, '-r', 'junit', '-o', 'report.xml']);
    assert.match(toFile.stdout, /junit report written to report\.xml/);
    assert.match(readFileSync(out, 'utf8'), /<testcase classname="prompts\/hello\.prompt" name="fails \[mock\/m1\]"/);
    // A folder that does not exist yet is made; a path that cannot be written still gives the report, on stdout.
    const nested = await cli(ws, ['test', ALLOW, '-r', 'json', '-o', 'reports/ci/run.json']);
    assert.match(nested.stdout, /json report written to reports\/ci\/run\.json/);
    assert.equal((JSON.parse(readFileSync(join(ws, 'reports', 'ci', 'run.json'), 'utf8')) as { summary: { cases: number } }).summary.cases, 2);
    writeFileSync(join(ws, 'blocker'), 'a file where a folder should be');
    const blocked = await cli(ws, ['test', ALLOW, '-r', 'json', '-o', 'blocker/run.json']);
    assert.equal(blocked.code, 2);
    assert.match(blocked.stderr, /cannot write blocker\/run\.json: (ENOTDIR|EEXIST); the json report is printed above instead/);
    assert.equal((JSON.parse(blocked.stdout.slice(blocked.stdout.indexOf('{'))) as { summary: { cases: number } }).summary.cases, 2);

    const github = await cli(ws, ['test', ALLOW, '--reporter', 'github']);
    const line = HELLO.split('\n').findIndex((l) => l.includes('type: equals')) + 1;
    assert.match(github.stdout, new RegExp(`^::error file=prompts/hello\\.prompt,line=${line},col=\\d+,title=promptops%3A fails \\[mock/m1\\]::equals: expected`, 'm'));
  });

  it('exit 2 on usage, config and provider-setup errors', async () => {
    assert.equal((await cli(ws, ['test', '--bogus'])).code, 2);
    assert.match((await cli(ws, ['test', '--reporter', 'xml'])).stderr, /--reporter must be one of console, json, junit, github/);
    assert.equal((await cli(ws, ['test', '-j', '0'])).code, 2);
    assert.equal((await cli(ws, ['frobnicate'])).code, 2);
    assert.equal((await cli(ws, ['test', 'missing.prompt'])).code, 2);
    const folder = await cli(ws, ['run', 'prompts']);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /prompts names 2 prompt files; give exactly one/);

    const noKey = await cli(ws, ['test', ALLOW], {});
    assert.equal(noKey.code, 2, noKey.stdout + noKey.stderr);
    assert.match(noKey.stderr, /could not run/);
    const refused = await cli(ws, ['test']);
    assert.equal(refused.code, 2);
    assert.match(refused.stdout, /--allow-workspace-endpoints/);
    const unknownModel = await cli(ws, ['test', ALLOW, '-m', 'nosuch/model']);
    assert.equal(unknownModel.code, 2);
    assert.match(unknownModel.stdout, /unknown provider 'nosuch'/);

    writeFileSync(join(ws, 'promptops.config.yaml'), 'concurrency: lots\n');
    const badConfig = await cli(ws, ['test', ALLOW]);
    assert.equal(badConfig.code, 2);
    assert.match(badConfig.stderr, /promptops\.config\.yaml:1:\d+: concurrency/);
  });

  it('test: only a large run asks V8 for a small heap (it costs every run CPU)', () => {
    assert.equal(prefersSmallHeap(1), false);
    assert.equal(prefersSmallHeap(1_999), false);
    assert.equal(prefersSmallHeap(2_000), true);
    assert.equal(prefersSmallHeap(10_000), true);
  });

  it('test: a dataset is read once although the reference check and the plan both load it; a failed read is retried', async () => {
    const reads: string[] = [];
    let fail = true;
    const fs = onceReadFileSystem({
      readFile: (p) => {
        reads.push(p);
        if (p === '/flaky' && fail) {
          fail = false;
          return Promise.reject(new Error('EIO'));
        }
        return Promise.resolve(`text of ${p}`);
      },
      exists: () => Promise.resolve(true),
    });
    assert.deepEqual(await Promise.all([fs.readFile('/a'), fs.readFile('/a'), fs.readFile('/b')]), ['text of /a', 'text of /a', 'text of /b']);
    assert.equal(await fs.readFile('/a'), 'text of /a');
    assert.deepEqual(reads, ['/a', '/b']);
    await assert.rejects(fs.readFile('/flaky'), /EIO/);
    assert.equal(await fs.readFile('/flaky'), 'text of /flaky');

    // End to end: the workspace's dataset is read from disk once per run.
    const dir = mkdtempSync(join(tmpdir(), 'po-once-'));
    try {
      writeFileSync(join(dir, 'rows.jsonl'), '{"name":"Ada"}\n{"name":"Bob"}\n');
      writeFileSync(join(dir, 'd.prompt'), '---\nmodel: echo\ntests:\n  - name: t\n    file: rows.jsonl\n    assert:\n      - type: contains\n        value: Hello\n---\nHello {{name}}\n');
      const original = fsModule.readFile;
      const datasetReads: string[] = [];
      (fsModule as { readFile: unknown }).readFile = (...a: Parameters<typeof original>) => {
        const path = typeof a[0] === 'string' ? a[0] : '';
        if (path.endsWith('rows.jsonl')) datasetReads.push(path);
        return original(...a);
      };
      try {
        const r = await cli(dir, ['test', 'd.prompt']);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /2 passed/);
        // The summary table tells a test's dataset rows apart.
        assert.match(r.stdout, /^✓ +d\.prompt +t › row 1 +echo /m);
        assert.match(r.stdout, /^✓ +d\.prompt +t › row 2 +echo /m);
      } finally {
        (fsModule as { readFile: unknown }).readFile = original;
      }
      assert.equal(datasetReads.length, 1, datasetReads.join(', '));
      // A rerun served from the cache spent $0 (it said "cost unknown").
      const again = await cli(dir, ['test', 'd.prompt']);
      assert.match(again.stdout, /2 passed, 0 failed, 2\/2 cached · [\d.]+ m?s · cost \$0\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('test: a config error is reported alone although the prompt files are read while the config loads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'po-order-'));
    try {
      writeFileSync(join(dir, 'a.prompt'), '---\nmodel: echo\n---\nHi\n');
      writeFileSync(join(dir, 'b.prompt'), '---\nmodel: echo\ntests:\n  - name: t\n    file: missing.jsonl\n---\nHi\n');
      const broken = await cli(dir, ['test']);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /^b\.prompt:\d+:\d+: error PO3010 /m);
      writeFileSync(join(dir, 'promptops.config.yaml'), 'concurrency: lots\n');
      const both = await cli(dir, ['test']);
      assert.equal(both.code, 2);
      assert.match(both.stderr, /promptops\.config\.yaml:1:\d+: concurrency/);
      assert.doesNotMatch(both.stderr, /PO3010/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lint: compiler-format lines, exit 1 on errors and 0 on a clean file', async () => {
    assert.equal((await cli(ws, ['lint', 'prompts/hello.prompt'])).code, 0);
    writeFileSync(join(ws, 'prompts', 'broken.prompt'), '---\nmodel: mock/m1\ntests:\n  - name: t\n    assert:\n      - type: containz\n        value: x\n---\nHi {{> missing}}\n');
    const lint = await cli(ws, ['lint']);
    assert.equal(lint.code, 1);
    const lines = lint.stdout.trim().split('\n');
    assert.ok(lines.length >= 2, lint.stdout);
    for (const l of lines) assert.match(l, /^prompts\/broken\.prompt:\d+:\d+: (error|warning|info|hint) PO\d{4} \S/);
    assert.ok(lines.some((l) => l.startsWith('prompts/broken.prompt:6:')), 'the unknown assertion type is reported on its line');
    assert.ok(lines.some((l) => l.startsWith('prompts/broken.prompt:9:')), 'the missing partial is reported on its line');
    const test = await cli(ws, ['test', ALLOW, 'prompts/broken.prompt']);
    assert.equal(test.code, 2, 'a prompt with errors cannot be tested');
    assert.match(test.stderr, /\npromptops test: nothing ran: 1 prompt file\(s\) have errors \(listed above\); fix them to run their tests\.\n$/);
    assert.doesNotMatch(test.stdout, /no tests found/, 'its tests exist; they were skipped for the errors');
  });

  it('a missing variable tells how to give it on the command line, for render and run; nothing is sent', async () => {
    writeFileSync(join(ws, 'prompts', 'needs.prompt'), '---\nmodel: mock/m1\ninput:\n  schema:\n    topic: string\ntests:\n  - name: about tea\n    vars:\n      topic: tea\n---\nWrite about {{topic}}.\n');
    const rendered = await cli(ws, ['render', 'prompts/needs.prompt']);
    assert.equal(rendered.code, 1);
    assert.equal(rendered.stderr, "promptops render: input 'topic' is required but not set. Add it to the vars or give it a default. On the command line: --var topic=VALUE, or start from a test's vars with --test \"about tea\".\n");
    const run = await cli(ws, ['run', 'prompts/needs.prompt', ALLOW]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^promptops run: render: input 'topic' is required but not set\. .* Give template variables with --var NAME=VALUE, or start from a test's vars with --test "about tea"\.\n$/);
    assert.equal(mock.requests.length, 0);
    // The failed runs are in the history, each model as written: a reference without a provider is not shown as
    // `/gpt-4o`, and `echo` alone names the echo provider as it does when the run succeeds.
    await cli(ws, ['run', 'prompts/needs.prompt', '--model', 'gpt-4o']);
    await cli(ws, ['run', 'prompts/needs.prompt', '--model', 'echo']);
    const history = await cli(ws, ['history', 'prompts/needs.prompt']);
    assert.match(history.stdout, / run › gpt-4o +gpt-4o +/);
    assert.match(history.stdout, / run › echo +echo\/echo +/);
    assert.doesNotMatch(history.stdout, / \/(echo|gpt-4o) /);
    rmSync(join(ws, 'prompts', 'needs.prompt'));
  });

  it('--reporter console is the default display, named', async () => {
    const named = await cli(ws, ['test', ALLOW, 'prompts/hello.prompt', '--no-cache', '--reporter', 'console']);
    const plain = await cli(ws, ['test', ALLOW, 'prompts/hello.prompt', '--no-cache']);
    assert.equal(named.code, plain.code);
    assert.match(named.stdout, /passed, 1 failed/);
    // The same display; only the timings (and the columns they widen) differ.
    const shape = (text: string): string => text.replace(/\d+ ms/g, 'N ms').replace(/ +/g, ' ');
    assert.equal(shape(named.stdout), shape(plain.stdout));
  });

  it('render prints messages without a request; run streams a reply', async () => {
    const rendered = await cli(ws, ['render', 'prompts/hello.prompt', '--test', 'fails']);
    assert.equal(rendered.code, 0, rendered.stderr);
    assert.match(rendered.stdout, /Hello Bob/);
    const json = await cli(ws, ['render', 'prompts/hello.prompt', '--var', 'name=Cy', '--json']);
    assert.deepEqual((JSON.parse(json.stdout) as { messages: unknown }).messages, [{ role: 'user', content: [{ text: 'Hello Cy' }] }]);
    assert.match((await cli(ws, ['render', 'prompts/hello.prompt', '--test', 'nope'])).stderr, /no test named "nope".*"greets", "fails"/);
    assert.equal(mock.requests.length, 0);

    const run = await cli(ws, ['run', 'prompts/hello.prompt', '--var', 'name=Zed', ALLOW]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'Mock answer to: Hello Zed\n');
    assert.match(run.stderr, /mock\/m1 · \d+ ms · \d+ in \/ \d+ out tokens · cost \$0\.0\d+/);
    assert.equal(mock.requests.length, 1);
    assert.equal(mock.requests[0].stream, true);

    // --test starts from the test's vars (its assertions are not checked); --var overrides one of them.
    const fromTest = await cli(ws, ['run', 'prompts/hello.prompt', '--test', 'fails', ALLOW]);
    assert.equal(fromTest.code, 0, fromTest.stderr);
    assert.equal(fromTest.stdout, 'Mock answer to: Hello Bob\n');
    const overridden = await cli(ws, ['run', 'prompts/hello.prompt', '-t', 'fails', '--var', 'name=Eve', ALLOW]);
    assert.equal(overridden.stdout, 'Mock answer to: Hello Eve\n');
    const unknown = await cli(ws, ['run', 'prompts/hello.prompt', '--test', 'nope', ALLOW]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no test named "nope".*"greets", "fails"/);
    assert.equal(mock.requests.length, 3);
    // A test with a dataset starts from a row: the first, or the one --row names, merged over the test's vars.
    writeFileSync(join(ws, 'prompts', 'rows.csv'), 'name\nRow One\nRow Two\n');
    writeFileSync(join(ws, 'prompts', 'data.prompt'), '---\nmodel: mock/m1\ntests:\n  - name: from rows\n    vars: { name: Base }\n    file: rows.csv\n  - name: plain\n    vars: { name: P }\n---\nHello {{name}}\n');
    assert.equal((await cli(ws, ['render', 'prompts/data.prompt', '--test', 'from rows'])).stdout, 'user: Hello Row One\n');
    assert.equal((await cli(ws, ['render', 'prompts/data.prompt', '--test', 'from rows', '--row', '2'])).stdout, 'user: Hello Row Two\n');
    const pastEnd = await cli(ws, ['render', 'prompts/data.prompt', '--test', 'from rows', '--row', '3']);
    assert.deepEqual([pastEnd.code, pastEnd.stderr.split('\n')[0]], [2, 'promptops render: --row 3: the dataset of test "from rows" has 2 row(s)']);
    assert.match((await cli(ws, ['render', 'prompts/data.prompt', '--test', 'plain', '--row', '1'])).stderr, /test "plain" has no dataset/);
    assert.match((await cli(ws, ['render', 'prompts/data.prompt', '--row', '1'])).stderr, /--row picks a row of a test's dataset: give the test with --test NAME/);
    const fromRow = await cli(ws, ['run', 'prompts/data.prompt', '-t', 'from rows', '--row', '2', ALLOW]);
    assert.equal(fromRow.stdout, 'Mock answer to: Hello Row Two\n');
    mock.reset();
    // A test's own model is used unless -m names one.
    writeFileSync(join(ws, 'prompts', 'other.prompt'), '---\nmodel: mock/m1\ntests:\n  - name: on m2\n    model: mock/m2\n    vars: { name: Al }\n---\nHello {{name}}\n');
    await cli(ws, ['run', 'prompts/other.prompt', '--test', 'on m2', ALLOW]);
    await cli(ws, ['run', 'prompts/other.prompt', '--test', 'on m2', '-m', 'mock/m3', ALLOW]);
    assert.deepEqual(mock.requests.map((r) => r.model), ['m2', 'm3']);
  });

  it('--help and --version answer without loading a command', async () => {
    assert.deepEqual(await cli(ws, ['--version']), { code: 0, stdout: '9.9.9\n', stderr: '' });
    const help = await cli(ws, ['test', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--no-cache/);
    assert.equal((await cli(ws, [])).code, 2);
  });
});
