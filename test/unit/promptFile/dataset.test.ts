import * as assert from 'node:assert/strict';
import { parseCsv } from '../../../src/core/promptFile/csv';
import { DatasetError, datasetPath, loadDataset, MAX_KEPT_DATASET_CHARS } from '../../../src/core/promptFile/dataset';
import { memoryFs, versionedFs } from './memoryFs';

async function rejectsWith(p: Promise<unknown>, message: string, line?: number): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DatasetError, String(e));
    assert.equal(e.message, message);
    assert.equal(e.line, line);
    return true;
  });
}

describe('csv: RFC 4180', () => {
  it('reads quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF', () => {
    const records = parseCsv('a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n1,,3\r\n');
    assert.deepEqual(records.map((r) => r.fields), [['a', 'b', 'c'], ['x, y', 'say "hi"', 'two\r\nlines'], ['1', '', '3']]);
    assert.deepEqual(records.map((r) => r.line), [1, 2, 4]);
  });

  it('keeps a last record without a line break and skips blank lines', () => {
    assert.deepEqual(parseCsv('\uFEFFa\n\nb').map((r) => r.fields), [['a'], ['b']]);
    assert.deepEqual(parseCsv('a,b\n,').map((r) => r.fields), [['a', 'b'], ['', '']]);
  });

  it('rejects an unterminated quote with its line', () => {
    assert.throws(() => parseCsv('a\n"open\nmore'), /a quoted field opened on line 2 is never closed/);
  });
});

describe('loadDataset', () => {
  const fs = memoryFs({
    '/w/rows.jsonl': '{"text":"one"}\n\n{"text":"two","n":2}\n',
    '/w/bad.jsonl': '{"text":"one"}\n{"text": oops}\n',
    '/w/list.jsonl': '{"a":1}\n[1,2]\n',
    '/w/rows.csv': 'text,lang\n"Hello, world",de\nBye,fr\n',
    '/w/ragged.csv': 'text,lang\nHello,de,extra\n',
    '/w/rows.yaml': '- text: one\n- text: two\n  tags: [a, b]\n',
    '/w/scalar.yml': '- text: one\n- just a string\n',
    '/w/broken.yaml': '- text: one\n- text: [unclosed\n',
    '/w/rows.json': '[{"text":"x"}]',
  }, ['/w/locked.csv']);

  it('reads JSON Lines, CSV, YAML and JSON into rows', async () => {
    assert.deepEqual(await loadDataset('/w/rows.jsonl', fs), [{ text: 'one' }, { text: 'two', n: 2 }]);
    assert.deepEqual(await loadDataset('/w/rows.csv', fs), [{ text: 'Hello, world', lang: 'de' }, { text: 'Bye', lang: 'fr' }]);
    assert.deepEqual(await loadDataset('/w/rows.yaml', fs), [{ text: 'one' }, { text: 'two', tags: ['a', 'b'] }]);
    assert.deepEqual(await loadDataset('/w/rows.json', fs), [{ text: 'x' }]);
  });

  it('names the file and line of a bad JSON line', async () => {
    await assert.rejects(loadDataset('/w/bad.jsonl', fs), (e: unknown) => e instanceof DatasetError && e.line === 2 && e.message.startsWith('/w/bad.jsonl:2: not valid JSON'));
    await rejectsWith(loadDataset('/w/list.jsonl', fs), '/w/list.jsonl:2: expected a JSON object such as {"text": "..."}, found a list', 2);
  });

  it('names the line of a CSV row with the wrong number of fields', async () => {
    await rejectsWith(loadDataset('/w/ragged.csv', fs), '/w/ragged.csv:2: this row has 3 fields but the header has 2; quote fields that contain commas', 2);
  });

  it('names the line of a YAML row that is not a mapping, and of a YAML syntax error', async () => {
    await rejectsWith(loadDataset('/w/scalar.yml', fs), '/w/scalar.yml:2: row 2 is a string, not a mapping of var names to values', 2);
    await assert.rejects(loadDataset('/w/broken.yaml', fs), (e: unknown) => e instanceof DatasetError && e.line !== undefined && e.line >= 2);
  });

  it('explains missing, unreadable and unsupported files', async () => {
    await assert.rejects(loadDataset('/w/none.jsonl', fs), /^DatasetError: \/w\/none\.jsonl: cannot be read \(ENOENT/);
    await assert.rejects(loadDataset('/w/locked.csv', fs), /cannot be read \(EACCES/);
    await rejectsWith(loadDataset('/w/rows.txt', fs), "/w/rows.txt: unsupported dataset type '.txt'; use .jsonl, .csv, .yaml or .json");
  });
});

describe('loadDataset: datasets kept by file version', () => {
  it('reads an unchanged file once, and again after each change', async () => {
    const fs = versionedFs({ '/w/rows.jsonl': '{"text":"one"}\n' });
    const first = await loadDataset('/w/rows.jsonl', fs);
    assert.equal(await loadDataset('/w/rows.jsonl', fs), first, 'the same rows object for the same version');
    assert.equal(fs.reads('/w/rows.jsonl'), 1);
    fs.write('/w/rows.jsonl', '{"text":"two"}\n{"text":"three"}\n');
    assert.deepEqual(await loadDataset('/w/rows.jsonl', fs), [{ text: 'two' }, { text: 'three' }]);
    assert.equal(fs.reads('/w/rows.jsonl'), 2);
  });

  it('keeps the error of a broken version until the file changes', async () => {
    const fs = versionedFs({ '/w/rows.jsonl': '{"text": oops}\n' });
    const broken = (e: unknown) => e instanceof DatasetError && e.line === 1 && e.message.startsWith('/w/rows.jsonl:1: not valid JSON');
    await assert.rejects(loadDataset('/w/rows.jsonl', fs), broken);
    await assert.rejects(loadDataset('/w/rows.jsonl', fs), broken);
    assert.equal(fs.reads('/w/rows.jsonl'), 1);
    fs.write('/w/rows.jsonl', '{"text":"fixed"}\n');
    assert.deepEqual(await loadDataset('/w/rows.jsonl', fs), [{ text: 'fixed' }]);
  });

  it('keeps nothing for a file system without versions, nor across file systems', async () => {
    let reads = 0;
    const plain = memoryFs({ '/w/rows.csv': 'text\nx\n' });
    const counting = { ...plain, readFile: (p: string) => (reads++, plain.readFile(p)) };
    await loadDataset('/w/rows.csv', counting);
    await loadDataset('/w/rows.csv', counting);
    assert.equal(reads, 2);
    const a = versionedFs({ '/w/rows.csv': 'text\na\n' });
    const b = versionedFs({ '/w/rows.csv': 'text\nb\n' });
    assert.deepEqual(await loadDataset('/w/rows.csv', a), [{ text: 'a' }]);
    assert.deepEqual(await loadDataset('/w/rows.csv', b), [{ text: 'b' }], 'the same path and version in another file system');
  });

  it('keeps the eight files used last', async () => {
    const files = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`/w/r${i}.jsonl`, `{"i":${i}}\n`]));
    const fs = versionedFs(files);
    for (let i = 0; i < 9; i++) await loadDataset(`/w/r${i}.jsonl`, fs);
    await loadDataset('/w/r8.jsonl', fs);
    await loadDataset('/w/r1.jsonl', fs);
    assert.equal(fs.reads('/w/r8.jsonl'), 1);
    assert.equal(fs.reads('/w/r1.jsonl'), 1);
    await loadDataset('/w/r0.jsonl', fs);
    assert.equal(fs.reads('/w/r0.jsonl'), 2, 'the file used least recently was let go');
  });
});

describe('loadDataset: how much is kept', () => {
  /** One JSON Lines row whose file is `chars` characters long. */
  const rowOf = (chars: number) => `{"t":"${'x'.repeat(chars - 9)}"}\n`;

  it('does not keep a file bigger than the budget, nor let the others go for it', async () => {
    const fs = versionedFs({ '/w/huge.jsonl': rowOf(MAX_KEPT_DATASET_CHARS + 1), '/w/small.jsonl': '{"t":"small"}\n' });
    await loadDataset('/w/small.jsonl', fs);
    await loadDataset('/w/huge.jsonl', fs);
    await loadDataset('/w/huge.jsonl', fs);
    await loadDataset('/w/small.jsonl', fs);
    assert.deepEqual([fs.reads('/w/huge.jsonl'), fs.reads('/w/small.jsonl')], [2, 1]);
  });

  it('lets the least recently used go when two files do not fit together', async () => {
    const half = rowOf(MAX_KEPT_DATASET_CHARS / 2 + 1);
    const fs = versionedFs({ '/w/a.jsonl': half, '/w/b.jsonl': half, '/w/c.jsonl': '{"t":"small"}\n' });
    await loadDataset('/w/a.jsonl', fs);
    await loadDataset('/w/c.jsonl', fs);
    await loadDataset('/w/b.jsonl', fs);
    await loadDataset('/w/b.jsonl', fs);
    await loadDataset('/w/c.jsonl', fs);
    assert.deepEqual([fs.reads('/w/b.jsonl'), fs.reads('/w/c.jsonl')], [1, 1], 'b and c kept');
    await loadDataset('/w/a.jsonl', fs);
    assert.equal(fs.reads('/w/a.jsonl'), 2, 'a, used least recently, was let go for b');
  });
});

describe('datasetPath: where a test\'s file: reference points', () => {
  it('resolves relative to the prompt file, with or without a file: prefix, and keeps absolute paths', () => {
    assert.equal(datasetPath('rows.csv', '/ws/prompts/a.prompt'), '/ws/prompts/rows.csv');
    assert.equal(datasetPath('file:data/rows.jsonl', '/ws/prompts/a.prompt'), '/ws/prompts/data/rows.jsonl');
    assert.equal(datasetPath('file://data/rows.jsonl', '/ws/prompts/a.prompt'), '/ws/prompts/data/rows.jsonl');
    assert.equal(datasetPath('../shared/rows.yaml', '/ws/prompts/a.prompt'), '/ws/shared/rows.yaml');
    assert.equal(datasetPath('file:///abs/rows.csv', '/ws/prompts/a.prompt'), '/abs/rows.csv');
    assert.equal(datasetPath('/abs/rows.csv', '/ws/prompts/a.prompt'), '/abs/rows.csv');
  });
});
