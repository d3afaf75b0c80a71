// Quick fixes for the diagnostics where the fix is obvious: did-you-mean replacements, declaring an undeclared input,
// removing or using an unused one, creating a missing partial.
import type { Diagnostic, PromptDocument, Range } from '../promptFile/model';
import { allLines, lineAt, textOf } from './text';
import type { CodeAction, TextEdit } from './types';

const WRONG_WORD_KEYS = ['key', 'variable', 'helper', 'role', 'type'] as const;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** `Change to 'x'`: replaces the misspelt word inside the diagnostic's range. */
function didYouMean(doc: PromptDocument, d: Diagnostic): CodeAction | undefined {
  const suggestion = str(d.data?.suggestion);
  if (!suggestion) return undefined;
  const wrong = WRONG_WORD_KEYS.map((k) => str(d.data?.[k])).find((w) => w !== undefined);
  let range: Range = d.range;
  if (wrong && d.range.start.line === d.range.end.line) {
    const at = textOf(doc, d.range).indexOf(wrong);
    if (at >= 0) {
      const start = { line: d.range.start.line, character: d.range.start.character + at };
      range = { start, end: { line: start.line, character: start.character + wrong.length } };
    }
  }
  return { title: `Change to '${suggestion}'`, diagnosticCode: d.code, isPreferred: true, edit: { edits: [{ range, newText: suggestion }] } };
}

function key(doc: PromptDocument, path: string): PromptDocument['keys'][number] | undefined {
  return doc.keys.find((k) => k.path === path);
}

/** The last line a YAML value occupies (a block value's range may end at column 0 of the next line). */
function lastLineOf(r: Range): number {
  return r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
}

function endOfLine(doc: PromptDocument, line: number): Range {
  const p = { line, character: lineAt(doc, line).length };
  return { start: p, end: p };
}

function childIndent(doc: PromptDocument, parentPath: string, parentColumn: number): string {
  const child = doc.keys.find((k) => k.path.startsWith(`${parentPath}.`) && !k.path.slice(parentPath.length + 1).includes('.'));
  return ' '.repeat(child ? child.keyRange.start.character : parentColumn + 2);
}

/** Inserts `name: string` into `input.schema` (Picoschema) or its `properties` (JSON Schema). */
export function declareInputEdit(doc: PromptDocument, name: string): TextEdit | undefined {
  const props = key(doc, 'input.schema.properties');
  if (props) {
    const indent = childIndent(doc, 'input.schema.properties', props.keyRange.start.character);
    return { range: endOfLine(doc, lastLineOf(props.valueRange ?? props.keyRange)), newText: `\n${indent}${name}: { type: string }` };
  }
  const schema = key(doc, 'input.schema');
  if (schema) {
    const value = doc.frontmatter && (doc.frontmatter.input as Record<string, unknown> | undefined)?.schema;
    if (value !== null && value !== undefined && typeof value !== 'object') return undefined;
    const indent = childIndent(doc, 'input.schema', schema.keyRange.start.character);
    return { range: endOfLine(doc, lastLineOf(schema.valueRange ?? schema.keyRange)), newText: `\n${indent}${name}: string` };
  }
  // Without a schema every variable is accepted, so there is nothing to declare into.
  return undefined;
}

function wholeLines(doc: PromptDocument, first: number, last: number): Range {
  const lines = allLines(doc);
  return last + 1 < lines.length
    ? { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }
    : { start: { line: Math.max(0, first - 1), character: first > 0 ? lineAt(doc, first - 1).length : 0 }, end: { line: last, character: lineAt(doc, last).length } };
}

/** Deletes an input's declaration (and its default) line by line. */
export function removeInputEdits(doc: PromptDocument, name: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const isDecl = (p: string): boolean => {
    for (const prefix of ['input.schema.properties.', 'input.schema.', 'input.default.']) {
      if (p.startsWith(prefix)) {
        const rest = p.slice(prefix.length);
        if (rest === name || rest === `${name}?` || rest.startsWith(`${name}(`) || rest.startsWith(`${name}?(`)) return true;
      }
    }
    return false;
  };
  const defaults = doc.keys.filter((k) => k.path.startsWith('input.default.') && !k.path.slice(14).includes('.'));
  const defaultsKey = key(doc, 'input.default');
  const dropDefaults = defaultsKey !== undefined && defaults.length > 0 && defaults.every((k) => isDecl(k.path));
  for (const k of doc.keys) {
    if (!isDecl(k.path) || (dropDefaults && k.path.startsWith('input.default.'))) continue;
    edits.push({ range: wholeLines(doc, k.keyRange.start.line, lastLineOf(k.valueRange ?? k.keyRange)), newText: '' });
  }
  // A `default:` left with nothing under it would read as null; remove it with its last entry.
  if (dropDefaults) edits.push({ range: wholeLines(doc, defaultsKey.keyRange.start.line, lastLineOf(defaultsKey.valueRange ?? defaultsKey.keyRange)), newText: '' });
  return edits;
}

/** Quick fixes for the diagnostics in `range`; `partialPath` says where a missing partial should be created. */
export function codeActions(
  doc: PromptDocument,
  diagnostics: readonly Diagnostic[],
  partialPath: (name: string) => string | undefined,
): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const fix = didYouMean(doc, d);
    if (fix) out.push(fix);
    const variable = str(d.data?.variable);
    if (d.code === 'PO2002' && variable) {
      const edit = declareInputEdit(doc, variable);
      if (edit) out.push({ title: `Declare '${variable}' in input.schema`, diagnosticCode: d.code, isPreferred: !fix, edit: { edits: [edit] } });
    }
    if (d.code === 'PO2003' && variable) {
      const edits = removeInputEdits(doc, variable);
      if (edits.length > 0) out.push({ title: `Remove unused input '${variable}'`, diagnosticCode: d.code, isPreferred: true, edit: { edits } });
      const end = doc.bodyRange.end;
      const needsBreak = lineAt(doc, end.line) !== '' || end.line === doc.bodyRange.start.line;
      out.push({
        title: `Use '${variable}' at the end of the template`, diagnosticCode: d.code, isPreferred: false,
        edit: { edits: [{ range: { start: end, end }, newText: `${needsBreak ? '\n' : ''}{{${variable}}}\n` }] },
      });
    }
    const partial = str(d.data?.partial);
    if (d.code === 'PO2010' && partial) {
      const path = partialPath(partial);
      if (path) {
        out.push({
          title: `Create partial '${partial}'`, diagnosticCode: d.code, isPreferred: true,
          edit: { edits: [], createFiles: [{ path, contents: `{{!-- Partial '${partial}': included with {{> ${partial}}} --}}\n` }] },
        });
      }
    }
  }
  return out;
}
