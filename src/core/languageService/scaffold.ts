// What `PromptOps: New Prompt File` inserts: a working prompt with one test, as a snippet so the user can tab through
// the parts that differ from file to file.

/** The new-file template in VS Code snippet syntax (`${1:default}` tab stops, `$0` final cursor). */
export function newPromptSnippet(model = 'openai/gpt-4o-mini'): string {
  const m = model.replace(/[$}\\]/g, '\\$&');
  return [
    '---',
    `model: \${1:${m}}`,
    'config:',
    '  temperature: ${2:0.2}',
    'input:',
    '  schema:',
    '    ${3:question}: string, ${4:what the user asks}',
    'tests:',
    '  - name: ${5:answers the question}',
    '    vars:',
    '      ${3:question}: ${6:What is the capital of France?}',
    '    assert:',
    '      - type: contains',
    '        value: ${7:Paris}',
    '---',
    '{{role "system"}}',
    '${8:You are a concise assistant. Answer in one sentence.}',
    '',
    '{{role "user"}}',
    '{{${3:question}}}',
    '$0',
  ].join('\n');
}

/** The text a snippet produces when every placeholder keeps its default (what the user gets by pressing Tab). */
export function expandSnippet(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length) {
      out += snippet[++i];
    } else if (c === '$' && snippet[i + 1] === '{') {
      // `${n:default}`: keep the default, which itself may hold nested placeholders.
      let depth = 1;
      let j = i + 2;
      while (j < snippet.length && /\d/.test(snippet[j])) j++;
      const start = snippet[j] === ':' ? j + 1 : j;
      let k = start;
      for (; k < snippet.length && depth > 0; k++) {
        if (snippet[k] === '\\') k++;
        else if (snippet[k] === '{') depth++;
        else if (snippet[k] === '}') depth--;
      }
      out += expandSnippet(snippet.slice(start, k - 1));
      i = k - 1;
    } else if (c === '$' && /\d/.test(snippet[i + 1] ?? '')) {
      while (/\d/.test(snippet[i + 1] ?? '')) i++;
    } else {
      out += c;
    }
  }
  return out;
}
