// Tokenizes text with the real TextMate engine VS Code uses (vscode-textmate + oniguruma WASM), so the grammar tests
// see exactly the scopes the editor will.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const root = resolve(__dirname, '../../..');

/**
 * A two-rule YAML grammar standing in for VS Code's built-in one: enough to prove the frontmatter is handed to
 * `source.yaml` (its comments and keys come back with YAML scopes), without shipping VS Code's grammar.
 */
const yamlStandIn = {
  scopeName: 'source.yaml',
  patterns: [
    { match: '#.*$', name: 'comment.line.number-sign.yaml' },
    { match: '^\\s*(?:-\\s+)?([\\w.-]+)(?=\\s*:)', captures: { 1: { name: 'entity.name.tag.yaml' } } },
  ],
};

let registry: Promise<vsctm.Registry> | undefined;

function loadRegistry(): Promise<vsctm.Registry> {
  registry ??= (async () => {
    const wasm = readFileSync(resolve(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: (scopeName: string) => {
        if (scopeName === 'source.promptops') {
          const path = resolve(root, 'syntaxes/promptops.tmLanguage.json');
          return Promise.resolve(vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path));
        }
        if (scopeName === 'source.yaml') return Promise.resolve(vsctm.parseRawGrammar(JSON.stringify(yamlStandIn), 'yaml.json'));
        return Promise.resolve(null);
      },
    });
  })();
  return registry;
}

export interface Token {
  readonly line: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

/** Every token of `text`, line by line, with its full scope stack. */
export async function tokenize(text: string): Promise<Token[]> {
  const grammar = await (await loadRegistry()).loadGrammar('source.promptops');
  if (!grammar) throw new Error('grammar source.promptops did not load');
  const tokens: Token[] = [];
  let state = vsctm.INITIAL;
  text.split('\n').forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, state);
    for (const t of result.tokens) {
      tokens.push({ line, text: lineText.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/** The scopes of the first token whose text is exactly `text` (on `line` when given). */
export function scopesOf(tokens: readonly Token[], text: string, line?: number): readonly string[] {
  const found = tokens.find((t) => t.text === text && (line === undefined || t.line === line));
  if (!found) {
    const seen = tokens.map((t) => `${t.line}:${JSON.stringify(t.text)}`).join(' ');
    throw new Error(`no token ${JSON.stringify(text)}${line === undefined ? '' : ` on line ${line}`}; tokens: ${seen}`);
  }
  return found.scopes;
}
