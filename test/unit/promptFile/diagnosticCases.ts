// One small source per diagnostic code that parse() emits, for the pinning tests.

export interface DiagnosticCase {
  readonly code: string;
  readonly source: string;
}

const fm = (...lines: string[]): string => ['---', ...lines, '---', ''].join('\n');

export const CASES: readonly DiagnosticCase[] = [
  { code: 'PO1001', source: '---\nmodel: openai/gpt-4o\n{{x}}\n' },
  { code: 'PO1002', source: fm('model: [openai', 'config: 1') + 'x' },
  { code: 'PO1003', source: fm('model: !custom openai/gpt-4o') + 'x' },
  { code: 'PO1004', source: fm('- a', '- b') + 'x' },
  { code: 'PO1005', source: fm('a: &a [x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c]') + 'x' },
  { code: 'PO1006', source: fm('model: openai/gpt-4o', 'owner: team-search') + 'x' },
  { code: 'PO1007', source: fm('modle: openai/gpt-4o', 'config:', '  temprature: 0.5') + 'x' },
  { code: 'PO1010', source: fm('model: openai/gpt-4o', 'config:', '  temperature: warm') + 'x' },
  { code: 'PO1011', source: fm('output:', '  format: yaml') + 'x' },
  { code: 'PO1012', source: fm('config:', '  temperature: 3', 'tests:', '  - name: t', '    repeat: 0') + 'x' },
  { code: 'PO1013', source: fm('tests:', '  - name: t', '    assert:', '      - value: hello') + 'x' },
  { code: 'PO1014', source: fm('model: gpt-4o') + 'x' },
  { code: 'PO1015', source: '---\nmodel: openai/gpt-4o\n---' },
  { code: 'PO1019', source: fm(...Array.from({ length: 205 }, (_, i) => `k${i}: [`)) + 'x' },
  { code: 'PO1020', source: fm('input:', '  schema:', '    name: strin', '    tags(list): string') + '{{name}} {{tags}}' },
  { code: 'PO1021', source: fm('input:', '  schema:', '    type: object', '    properties:', '      a:', '        type: text') + '{{a}}' },
  { code: 'PO1022', source: fm('input:', '  schema:', '    a: integer', '  default:', '    a: many', '    b: 1') + '{{a}}' },
  { code: 'PO2001', source: fm('model: openai/gpt-4o') + 'Hello {{name}\n' },
  { code: 'PO2002', source: fm('input:', '  schema:', '    user: string') + 'Hi {{usr}}, {{user}}\n' },
  { code: 'PO2003', source: fm('input:', '  schema:', '    user: string', '    tone?: string') + 'Hi {{user}}\n' },
  { code: 'PO2004', source: 'Hi {{uppercase name}}\n' },
  { code: 'PO2005', source: '{{role "assistant"}}Hi\n' },
  { code: 'PO2006', source: 'Item {{@index}}\n' },
  { code: 'PO2007', source: '{{role}}\n{{media "x.png"}}\n' },
  { code: 'PO3001', source: fm('tests:', '  - name: t', '    assert:', '      - type: contians', '        value: x') + 'x' },
  { code: 'PO3002', source: fm('input:', '  schema:', '    n: integer', 'tests:', '  - name: t', '    vars:', '      n: ten') + '{{n}}' },
  { code: 'PO3003', source: fm('tests:', '  - name: t', '    assert:', '      - type: equals', '      - type: latency') + 'x' },
  { code: 'PO3004', source: fm('tests:', '  - name: t', '    assert:', '      - type: regex', '        value: "(unclosed"') + 'x' },
  { code: 'PO3005', source: fm('tests:', '  - name: same', '  - name: same') + 'x' },
];
