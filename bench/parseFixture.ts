// Builds a realistic 2,000-line prompt file for the parse benchmark: a large frontmatter with tests, a long body.

/** A prompt of exactly `lines` lines: inputs, tests with assertions, roles, loops and conditionals. */
export function largePrompt(lines = 2000): string {
  const out: string[] = ['---', 'model: openai/gpt-4o-mini', 'config:', '  temperature: 0.2', '  maxOutputTokens: 800', 'input:', '  schema:'];
  for (let i = 0; i < 20; i++) out.push(`    field${i}: string, description of field ${i}`);
  out.push('    items(array):', '      name: string', '      qty: integer', '    customer?:', '      name: string', '      tier?: string');
  out.push('  default:', '    field0: default text');
  out.push('output:', '  format: json', '  schema:', '    summary: string', '    priority(enum): [low, medium, high]');
  out.push('tests:');
  for (let t = 0; t < 30; t++) {
    out.push(`  - name: case ${t}`, '    vars:');
    for (let i = 0; i < 20; i++) out.push(`      field${i}: value ${t}-${i}`);
    out.push('      items:', '        - name: widget', '          qty: 2');
    out.push('    assert:', '      - type: contains', `        value: value ${t}`, '      - type: is-json', '      - type: llm-rubric', '        value: Summarises the ticket politely');
  }
  out.push('---', '{{role "system"}}', 'You are a careful assistant. Follow the rules below.');
  let i = 0;
  while (out.length < lines - 4) {
    const f = `field${i % 20}`;
    switch (i % 6) {
      case 0: out.push(`Rule ${i}: consider {{${f}}} when answering; never invent facts.`); break;
      case 1: out.push(`{{#if ${f}}}Mention {{${f}}} only if relevant.{{else}}Skip rule ${i}.{{/if}}`); break;
      case 2: out.push('{{#each items}}- {{name}} × {{qty}} (#{{@index}}){{/each}}'); break;
      case 3: out.push(`{{#with customer}}Customer {{name}} ({{tier}}).{{/with}} Plain prose line ${i} with no expressions at all.`); break;
      case 4: out.push(`{{! note ${i}: keep this rule short }}Answer in the customer's language.`); break;
      default: out.push(`{{json ${f}}} and {{#ifEquals ${f} "x"}}match{{/ifEquals}}`); break;
    }
    i++;
  }
  out.push('{{role "user"}}', 'Summarise the ticket: {{field0}}', '{{history}}');
  return `${out.join('\n')}\n`;
}
