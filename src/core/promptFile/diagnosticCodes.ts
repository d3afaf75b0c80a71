// The catalogue of diagnostic codes: one entry per code, read by the parser, docs/prompt-format.md and the tests.
import type { Diagnostic, Range, Severity } from './model';

export interface DiagnosticCodeInfo {
  readonly severity: Severity;
  readonly title: string;
  readonly fix: string;
}

/** Every diagnostic code the prompt-file core emits. PO1xxx frontmatter, PO2xxx template, PO3xxx tests. */
export const DIAGNOSTIC_CODES = {
  PO1001: { severity: 'error', title: 'Frontmatter is not closed', fix: 'Add a line with only `---` after the frontmatter.' },
  PO1002: { severity: 'error', title: 'YAML syntax error', fix: 'Correct the YAML at the marked position.' },
  PO1003: { severity: 'warning', title: 'YAML warning', fix: 'Follow the YAML hint at the marked position.' },
  PO1004: { severity: 'error', title: 'Frontmatter is not a mapping', fix: 'Write the frontmatter as `key: value` lines.' },
  PO1005: { severity: 'error', title: 'Too many YAML alias expansions', fix: 'Remove the anchors/aliases (`&x`/`*x`) that multiply the data.' },
  PO1006: { severity: 'hint', title: 'Unknown frontmatter key', fix: 'None needed: the key is kept. Use a dotted name (`myext.key`) for extension data.' },
  PO1007: { severity: 'warning', title: 'Misspelt key', fix: 'Rename the key to the suggested one.' },
  PO1010: { severity: 'error', title: 'Value has the wrong type', fix: 'Give the value the type named in the message.' },
  PO1011: { severity: 'error', title: 'Value is not one of the allowed values', fix: 'Use one of the values listed in the message.' },
  PO1012: { severity: 'error', title: 'Number or list out of range', fix: 'Use a value inside the range given in the message.' },
  PO1013: { severity: 'error', title: 'Required key missing', fix: 'Add the key named in the message.' },
  PO1014: { severity: 'warning', title: 'Model is not `provider/model`', fix: 'Write the model as `provider/model-id`, e.g. `openai/gpt-4o-mini`.' },
  PO1015: { severity: 'warning', title: 'Dotprompt would not read this frontmatter', fix: 'End the closing `---` line with a line break and keep the frontmatter non-empty.' },
  PO1019: { severity: 'error', title: 'Invalid value', fix: 'Correct the value as the message says.' },
  PO1020: { severity: 'error', title: 'Invalid Picoschema', fix: 'Use a Picoschema type (string, number, integer, boolean, null, any, object, array, enum) or plain JSON Schema.' },
  PO1021: { severity: 'error', title: 'Invalid JSON Schema', fix: 'Correct the schema keyword named in the message.' },
  PO1022: { severity: 'warning', title: '`input.default` does not match the input schema', fix: 'Change the default so the schema accepts it.' },
  PO2001: { severity: 'error', title: 'Template syntax error', fix: 'Correct the Handlebars expression at the marked position.' },
  PO2002: { severity: 'warning', title: 'Variable not declared in `input.schema`', fix: 'Declare the variable in `input.schema`, or correct its spelling.' },
  PO2003: { severity: 'warning', title: 'Declared input never used', fix: 'Use the input in the template or remove it from `input.schema`.' },
  PO2004: { severity: 'error', title: 'Unknown helper', fix: 'Use a Dotprompt or Handlebars helper; Dotprompt renders only known helpers.' },
  PO2005: { severity: 'error', title: 'Unknown role', fix: 'Use one of the roles system, user, model, tool.' },
  PO2006: { severity: 'warning', title: '`this`/`@index` outside a block', fix: 'Use `this`, `@index`, `@key`, `@first`, `@last` inside `{{#each}}` (or `this` inside `{{#with}}`).' },
  PO2007: { severity: 'error', title: 'Helper called with wrong arguments', fix: 'Call the helper as the message shows.' },
  PO2010: { severity: 'error', title: 'Partial not found', fix: 'Create `_name.prompt` beside the file (or in `partials/`), or correct the name.' },
  PO2011: { severity: 'error', title: 'Cyclic partial', fix: 'Break the cycle: a partial must not include itself, directly or through others.' },
  PO2012: { severity: 'error', title: 'Partial unreadable or invalid', fix: 'Fix the partial file named in the message.' },
  PO3001: { severity: 'error', title: 'Unknown assertion type', fix: 'Use an assertion type from the list (e.g. `contains`, `equals`, `llm-rubric`), optionally with `not-`.' },
  PO3002: { severity: 'error', title: 'Test vars rejected by `input.schema`', fix: 'Change the var so the input schema accepts it.' },
  PO3003: { severity: 'error', title: 'Assertion needs a value', fix: 'Add `value:` (or `threshold:`) to the assertion.' },
  PO3004: { severity: 'error', title: 'Invalid regular expression', fix: 'Correct the regular expression in `value:`.' },
  PO3005: { severity: 'warning', title: 'Duplicate test name', fix: 'Give every test a distinct name so results can be told apart.' },
  PO3010: { severity: 'error', title: 'Dataset file missing or unreadable', fix: 'Create the dataset file or correct the `file:` path (relative to the prompt file).' },
  PO3011: { severity: 'error', title: 'Dataset file invalid', fix: 'Correct the dataset at the line named in the message.' },
  PO3012: { severity: 'error', title: 'Dataset row rejected by `input.schema`', fix: 'Correct the row (or the schema) named in the message.' },
} as const satisfies Record<string, DiagnosticCodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Builds a diagnostic with the catalogue's severity unless one is given. */
export function diag(
  code: DiagnosticCode,
  range: Range,
  message: string,
  data?: Record<string, unknown>,
  severity?: Severity,
): Diagnostic {
  const d: Diagnostic = { code, severity: severity ?? DIAGNOSTIC_CODES[code].severity, range, message };
  return data ? { ...d, data } : d;
}
