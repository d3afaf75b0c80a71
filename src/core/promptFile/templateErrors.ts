// Handlebars syntax errors as diagnostics, at the offending token (Handlebars' parse errors carry no location).
import Handlebars from 'handlebars';
import { diag } from './diagnosticCodes';
import type { Diagnostic, Position } from './model';
import type { LineIndex } from './positions';

interface JisonLexer { yylloc?: { first_line: number; first_column: number; last_line: number; last_column: number }; match?: string }

/** The diagnostic for an exception thrown by Handlebars' parser on the body. */
export function syntaxDiagnostic(e: unknown, body: string, bodyOffset: number, index: LineIndex,
  toPos: (p: { line: number; column: number }) => Position): Diagnostic {
  const err = e as { message?: string; lineNumber?: number; column?: number; endLineNumber?: number; endColumn?: number };
  const raw = typeof err.message === 'string' ? err.message : String(e);
  if (typeof err.lineNumber === 'number' && typeof err.column === 'number') {
    const start = toPos({ line: err.lineNumber, column: err.column });
    const end = typeof err.endLineNumber === 'number' && typeof err.endColumn === 'number'
      ? toPos({ line: err.endLineNumber, column: err.endColumn }) : start;
    return diag('PO2001', { start, end }, friendlyMessage(raw.replace(/ - \d+:\d+$/, '')));
  }
  // Jison parse errors carry no location; the lexer still holds the offending token's.
  const lexer = (Handlebars as unknown as { Parser?: { yy?: { lexer?: JisonLexer } } }).Parser?.yy?.lexer;
  const loc = lexer?.yylloc;
  const unclosed = /got 'EOF'/.test(raw) ? findUnclosedBlock(body) : undefined;
  if (unclosed) {
    const r = index.range(bodyOffset + unclosed.start, bodyOffset + unclosed.end);
    return diag('PO2001', r, `\`{{#${unclosed.name}}}\` is never closed. Add \`{{/${unclosed.name}}}\` where the block ends.`);
  }
  if (loc && typeof loc.first_line === 'number') {
    const start = toPos({ line: loc.first_line, column: loc.first_column });
    const end = toPos({ line: loc.last_line, column: loc.last_column });
    return diag('PO2001', { start, end }, friendlyMessage(raw, lexer?.match));
  }
  const line = Number(/line (\d+)/.exec(raw)?.[1] ?? '1');
  const start = toPos({ line, column: 0 });
  return diag('PO2001', { start, end: start }, friendlyMessage(raw));
}

const TOKEN_NAMES: Record<string, string> = {
  CLOSE: '`}}`', CLOSE_UNESCAPED: '`}}}`', OPEN: '`{{`', EOF: 'the end of the template', INVALID: 'an invalid character',
  OPEN_ENDBLOCK: '`{{/`', OPEN_BLOCK: '`{{#`', OPEN_SEXPR: '`(`', CLOSE_SEXPR: '`)`', EQUALS: '`=`', ID: 'a name', STRING: 'a string',
  OPEN_PARTIAL: '`{{>`', OPEN_INVERSE: '`{{^`', INVERSE: '`{{else}}`', SEP: '`.` or `/`', DATA: '`@`',
};

function friendlyMessage(raw: string, match?: string): string {
  const got = /got '([A-Z_]+)'/.exec(raw)?.[1];
  if (got) {
    const what = TOKEN_NAMES[got] ?? `'${got}'`;
    const expected = /Expecting (.*), got/.exec(raw)?.[1]?.split(', ').map((t) => t.replace(/'/g, ''))
      .filter((t) => t !== 'CLOSE_RAW_BLOCK').map((t) => TOKEN_NAMES[t] ?? `'${t}'`).slice(0, 4);
    const near = match && match.trim() ? ` near \`${match.trim().slice(0, 20)}\`` : '';
    return `Template syntax error: found ${what}${near}${expected?.length ? `; expected ${expected.join(', ')}` : ''}. Check the braces and arguments of this expression.`;
  }
  if (/doesn't match/.test(raw)) {
    const m = /^(\S+) doesn't match (\S+)/.exec(raw);
    if (m) return `Block \`{{#${m[1]}}}\` is closed by \`{{/${m[2]}}}\`. Close it with \`{{/${m[1]}}}\`.`;
  }
  return `Template syntax error: ${raw.split('\n')[0].replace(/\.$/, '')}. Correct the Handlebars expression here.`;
}

function findUnclosedBlock(body: string): { name: string; start: number; end: number } | undefined {
  const re = /\{\{~?\s*([#/])\s*>?\s*([^\s}~]+)[^}]*\}\}/g;
  const open: { name: string; start: number; end: number }[] = [];
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m[1] === '#') open.push({ name: m[2].replace(/^\*/, ''), start: m.index, end: m.index + m[0].length });
    else {
      const i = open.map((o) => o.name).lastIndexOf(m[2]);
      if (i >= 0) open.splice(i);
    }
  }
  return open.at(-1);
}
