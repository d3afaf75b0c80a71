// promptops.config.yaml: found upward, validated with line numbers, resolved, and never allowed to hold a key.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FileSystem } from '../../../src/core/io';
import { configJsonSchema, formatConfigProblem, loadConfig, looksLikeSecret, parseConfig } from '../../../src/core/config/config';

function memoryFs(files: Record<string, string>): FileSystem {
  return {
    readFile: (p) => (p in files ? Promise.resolve(files[p]) : Promise.reject(new Error(`ENOENT: ${p}`))),
    exists: (p) => Promise.resolve(p in files),
  };
}

const file = '/ws/promptops.config.yaml';

describe('config: loadConfig', () => {
  it('finds the file in an ancestor folder and resolves it', async () => {
    const fs = memoryFs({
      [file]: [
        'defaultModel: openai/gpt-4o-mini',
        'grader: anthropic/claude-haiku-4-5',
        'concurrency: 6',
        'cache:',
        '  dir: .cache/po',
        '  ttlDays: 7',
        'providers:',
        '  openai:',
        '    apiKeyEnv: MY_OPENAI_KEY',
        '    timeoutMs: 30000',
        '    prices:',
        '      ft:gpt-4o-mini:acme: { inputPerMTok: 0.3, outputPerMTok: 1.2 }',
        '  azure:',
        '    baseUrl: https://acme.openai.azure.com',
        '    apiVersion: 2024-10-21',
        '    deployments: { gpt-4o: prod-gpt4o }',
        '  lmstudio:',
        '    type: openai-compatible',
        '    baseUrl: http://localhost:1234/v1',
        '    headers: { X-Team: search }',
      ].join('\n'),
    });
    const loaded = await loadConfig('/ws/prompts/deep', fs);
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.path, file);
    const c = loaded.config;
    assert.equal(c.defaultModel, 'openai/gpt-4o-mini');
    assert.equal(c.grader, 'anthropic/claude-haiku-4-5');
    assert.equal(c.concurrency, 6);
    assert.deepEqual(c.cache, { dir: path.resolve('/ws/.cache/po'), ttlDays: 7, maxSizeMB: 500 });
    assert.equal(c.providers['openai']?.type, 'openai');
    assert.equal(c.providers['openai']?.apiKeyEnv, 'MY_OPENAI_KEY');
    assert.deepEqual(c.providers['openai']?.prices?.['ft:gpt-4o-mini:acme'], { inputPerMTok: 0.3, outputPerMTok: 1.2 });
    assert.equal(c.providers['azure']?.deployments?.['gpt-4o'], 'prod-gpt4o');
    assert.equal(c.providers['lmstudio']?.type, 'openai-compatible');
    assert.equal(c.providers['lmstudio']?.source, 'workspace');
    assert.equal(c.providers['lmstudio']?.configFile, file);
  });

  it('reads promptops.config.yml, the nearest config file winning over an ancestor\'s', async () => {
    const fs = memoryFs({ '/ws/promptops.config.yaml': 'concurrency: 2\n', '/ws/app/promptops.config.yml': 'concurrency: 7\n' });
    const loaded = await loadConfig('/ws/app/prompts', fs);
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.path, '/ws/app/promptops.config.yml');
    assert.equal(loaded.config.concurrency, 7);
    assert.equal(loaded.config.cache.dir, path.resolve('/ws/app/.promptops/cache'));
  });

  it('reads the .yaml when a folder has both names, and says to merge them', async () => {
    const fs = memoryFs({ '/ws/promptops.config.yaml': 'concurrency: 3\n', '/ws/promptops.config.yml': 'concurrency: 9\n' });
    const loaded = await loadConfig('/ws', fs);
    assert.equal(loaded.path, '/ws/promptops.config.yaml');
    assert.equal(loaded.config.concurrency, 3);
    assert.deepEqual(loaded.problems, [{ line: 1, column: 1, path: '',
      message: 'promptops.config.yml is in the same folder, and only one config file is read: merge them into promptops.config.yaml and delete the other' }]);
  });

  it('returns defaults when no file exists', async () => {
    const loaded = await loadConfig('/nowhere/at/all', memoryFs({}));
    assert.equal(loaded.path, undefined);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.config.providers, {});
    assert.equal(loaded.config.cache.dir, path.resolve('/nowhere/at/all/.promptops/cache'));
    assert.equal(loaded.config.concurrency, 4);
  });

  it('an empty file means defaults', () => {
    assert.deepEqual(parseConfig('', file).problems, []);
  });
});

describe('config: problems name the line and what to fix', () => {
  const problems = (text: string) => parseConfig(text, file).problems;

  it('rejects a literal API key where the env var name belongs', () => {
    const p = problems('providers:\n  openai:\n    apiKeyEnv: sk-proj-abcdefghijklmnopqrstuvwx1234\n');
    assert.equal(p.length, 1);
    assert.equal(p[0].line, 3);
    assert.equal(p[0].path, 'providers.openai.apiKeyEnv');
    assert.match(p[0].message, /looks like a literal API key.*apiKeyEnv/);
  });

  it('rejects an apiKey field and secret headers', () => {
    const p = problems('providers:\n  openai:\n    apiKey: whatever\n    headers:\n      Authorization: Bearer abcdefghijklmnop\n');
    assert.deepEqual(p.map((x) => [x.line, x.path]), [[3, 'providers.openai.apiKey'], [5, 'providers.openai.headers.Authorization']]);
    assert.match(p[0].message, /secret.*apiKeyEnv/);
    assert.match(p[1].message, /header 'Authorization' would hold a secret/);
  });

  it('rejects a key-shaped value anywhere, even in an unknown field', () => {
    const p = problems('defaultModel: openai/gpt-4o\nnotes: AIzaSyA1234567890abcdefghijklmnopqrstuv\n');
    // One message for the line: the secret matters more than the unknown key.
    assert.equal(p.length, 1);
    assert.equal(p[0].line, 2);
    assert.match(p[0].message, /literal API key/);
  });

  it('suggests the key that was meant', () => {
    const p = problems('defaultmodel: openai/gpt-4o\nproviders:\n  openai:\n    baseURL: https://x.test/v1\n');
    assert.deepEqual(p.map((x) => [x.line, x.message]), [[1, "unknown key 'defaultmodel': did you mean 'defaultModel'?"], [4, "unknown key 'baseURL': did you mean 'baseUrl'?"]]);
  });

  it('reports wrong types at the value', () => {
    const p = problems('concurrency: lots\ncache:\n  ttlDays: -1\n');
    assert.deepEqual(p.map((x) => [x.line, x.path]), [[1, 'concurrency'], [3, 'cache.ttlDays']]);
  });

  it('needs a type for a custom provider and a baseUrl for azure', () => {
    const p = problems('providers:\n  together:\n    baseUrl: https://api.together.xyz/v1\n  azure: {}\n');
    assert.equal(p.length, 2);
    assert.match(p[0].message, /'together' is not a built-in provider: add type:/);
    assert.equal(p[0].line, 2);
    assert.match(p[1].message, /azure provider needs baseUrl/);
  });

  it('rejects credentials inside a baseUrl', () => {
    const p = problems('providers:\n  local:\n    type: openai-compatible\n    baseUrl: http://localhost:1234/v1?api_key=abc\n');
    assert.match(p[0].message, /baseUrl must not carry credentials/);
  });

  it('checks that defaultModel names a known provider', () => {
    const p = problems('defaultModel: mystery/model-1\n');
    assert.match(p[0].message, /provider 'mystery' is neither built in/);
    assert.match(problems('defaultModel: gpt-4o\n')[0].message, /must be provider\/model/);
  });

  it('refuses allowJavascript: true, which would let the repository allow its own code to run', () => {
    const p = problems('concurrency: 2\nallowJavascript: true\n');
    assert.equal(p.length, 1);
    assert.equal(p[0].line, 2);
    assert.equal(p[0].path, 'allowJavascript');
    assert.match(p[0].message, /cannot be allowed from promptops\.config\.yaml.*pass --allow-javascript to promptops test, and trust the workspace in VS Code$/);
    assert.deepEqual(problems('allowJavascript: false\n'), []);
  });

  it('reports YAML syntax errors with their line', () => {
    const p = problems('providers:\n  openai:\n    baseUrl: [unclosed\n');
    assert.ok(p.length >= 1);
    assert.match(p[0].message, /^YAML error/);
  });

  it('reports an unreadable file instead of throwing', async () => {
    const fs: FileSystem = { exists: () => Promise.resolve(true), readFile: () => Promise.reject(new Error('EACCES')) };
    const loaded = await loadConfig('/ws', fs);
    assert.match(loaded.problems[0].message, /cannot read the file: EACCES/);
  });

  it('says the file must be a mapping when it is a list or a single value', () => {
    assert.deepEqual(problems('- a\n- b\n').map((x) => [x.line, x.column, x.path, x.message]), [[1, 1, '', 'the config must be a mapping of keys such as providers:, defaultModel: and cache:, not a list']]);
    assert.equal(problems('\n\n"just text"\n')[0].message, 'the config must be a mapping of keys such as providers:, defaultModel: and cache:, not a single string value');
    assert.equal(problems('\n\n"just text"\n')[0].line, 3);
    assert.match(problems('42')[0].message, /not a single number value$/);
  });

  it('formats a problem as file:line:col, with the key path only when there is one', () => {
    assert.equal(formatConfigProblem('/ws/promptops.config.yaml', { line: 3, column: 5, path: 'cache.dir', message: 'expected a string' }), '/ws/promptops.config.yaml:3:5: cache.dir: expected a string');
    assert.equal(formatConfigProblem('/ws/promptops.config.yaml', { line: 1, column: 1, path: '', message: 'YAML error: x' }), '/ws/promptops.config.yaml:1:1: YAML error: x');
  });

  it('never throws on junk', () => {
    for (const junk of ['- a\n- b', '42', '"str"', 'providers: 5', 'providers:\n  openai: [1,2]', '&a [*a]', '\u0000\u0001binary', 'cache: { dir: 3 }']) {
      const r = parseConfig(junk, file);
      assert.ok(Array.isArray(r.problems));
    }
  });
});

describe('config: helpers', () => {
  it('looksLikeSecret tells keys from names', () => {
    for (const s of ['sk-proj-abcdefghijklmnopqrstuvwx1234', 'sk-ant-api03-xyz', 'AIzaSyA1234567890abcdefghijklmnopqrstuv', 'Bearer abcdefghijkl', 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8']) assert.ok(looksLikeSecret(s), s);
    for (const s of ['OPENAI_API_KEY', 'gpt-4o-mini', 'https://api.openai.com/v1', 'prod-gpt4o', '2024-10-21', 'AZURE_OPENAI_API_KEY_FOR_THE_SEARCH_TEAM']) assert.ok(!looksLikeSecret(s), s);
  });

  it('configJsonSchema describes the file', () => {
    const schema = configJsonSchema();
    const props = schema['properties'] as Record<string, unknown>;
    assert.ok(props['providers'] && props['defaultModel'] && props['cache']);
    assert.equal(schema['additionalProperties'], false);
  });
});
