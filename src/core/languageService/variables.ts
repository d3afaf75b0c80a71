// One input variable across the whole file: its uses in the template, its key in `input.schema`, `input.default` and
// every test's `vars`. References, rename and hover all start here.
import type { Position, PromptDocument, Range, TemplateNode } from '../promptFile/model';
import { contains, lineAt } from './text';
import type { Location, TextEdit } from './types';

const HELPERS = new Set(['role', 'history', 'section', 'media', 'json', 'ifEquals', 'unlessEquals', 'if', 'unless', 'each', 'with', 'lookup', 'log']);

/** The input a template path reads (`user` for `user.name`, `@root.user`, `../user` at the right depth), if any. */
export function rootVariable(node: TemplateNode): { name: string; offset: number } | undefined {
  if (node.kind !== 'variable' && !(node.kind === 'block' && !HELPERS.has(node.name))) return undefined;
  let rest = node.name;
  let offset = 0;
  if (rest.startsWith('@root.')) {
    rest = rest.slice(6);
    offset = 6;
  } else {
    if (rest.startsWith('@')) return undefined;
    let depth = 0;
    while (rest.startsWith('../')) {
      rest = rest.slice(3);
      offset += 3;
      depth++;
    }
    // Inside #each/#with the context is the element; only `../` back to the top reaches the inputs.
    if (depth < node.scopes.length) return undefined;
    const self = /^(?:this|\.)(?:[./]|$)/.exec(rest);
    if (self) {
      rest = rest.slice(self[0].length);
      offset += self[0].length;
    }
  }
  const head = /^[^./[\]]+/.exec(rest)?.[0];
  return head && head !== 'this' ? { name: head, offset } : undefined;
}

function nameRangeAt(start: Position, offset: number, length: number): Range {
  const s = { line: start.line, character: start.character + offset };
  return { start: s, end: { line: s.line, character: s.character + length } };
}

/** The range of just `name` inside a YAML key range (`name?`, `"name"`, `name(object, …)`). */
function keyNameRange(doc: PromptDocument, keyRange: Range, name: string): Range | undefined {
  const text = lineAt(doc, keyRange.start.line).slice(keyRange.start.character, keyRange.end.line === keyRange.start.line ? keyRange.end.character : undefined);
  const at = /^["']/.test(text) ? 1 : 0;
  return text.startsWith(name, at) ? nameRangeAt(keyRange.start, at, name.length) : undefined;
}

/** Every place the input `name` occurs, declaration first; ranges cover just the name. */
export function variableLocations(doc: PromptDocument, name: string): Location[] {
  const out: Location[] = [];
  const input = doc.inputs.find((i) => i.name === name);
  const decl = input ? keyNameRange(doc, input.range, name) : undefined;
  if (decl) out.push({ range: decl });
  for (const k of doc.keys) {
    if (k.path === `input.default.${name}` || k.path === `input.schema.properties.${name}`) {
      const r = keyNameRange(doc, k.keyRange, name);
      if (r && !out.some((o) => o.range.start.line === r.start.line && o.range.start.character === r.start.character)) out.push({ range: r });
    }
    if (k.path === 'input.schema.required' && k.valueRange) out.push(...requiredEntries(doc, k.valueRange, name));
  }
  for (const n of doc.templateNodes) {
    const root = rootVariable(n);
    if (root?.name === name) out.push({ range: nameRangeAt(n.nameRange.start, root.offset, name.length) });
  }
  for (const t of doc.tests) {
    const r = t.varRange(name);
    const nr = r ? keyNameRange(doc, r, name) : undefined;
    if (nr) out.push({ range: nr });
  }
  return out;
}

function requiredEntries(doc: PromptDocument, value: Range, name: string): Location[] {
  const out: Location[] = [];
  for (let l = value.start.line; l <= value.end.line; l++) {
    const text = lineAt(doc, l);
    const from = l === value.start.line ? value.start.character : 0;
    const to = l === value.end.line ? value.end.character : text.length;
    const re = new RegExp(`(?<=^|[\\s,\\[\\-"'])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s,\\]"'])`, 'g');
    for (const m of text.slice(from, to).matchAll(re)) {
      out.push({ range: { start: { line: l, character: from + m.index }, end: { line: l, character: from + m.index + name.length } } });
    }
  }
  return out;
}

/** The input variable under the cursor — in the template or on one of its YAML keys — with the range of its name. */
export function variableAt(doc: PromptDocument, pos: Position): { name: string; range: Range } | undefined {
  for (const n of doc.templateNodes) {
    if (!contains(n.nameRange, pos)) continue;
    const root = rootVariable(n);
    if (!root) return undefined;
    const range = nameRangeAt(n.nameRange.start, root.offset, root.name.length);
    return contains(range, pos) ? { name: root.name, range } : undefined;
  }
  const candidates = new Set(doc.inputs.map((i) => i.name));
  for (const t of doc.tests) for (const v of Object.keys(t.vars)) candidates.add(v);
  for (const name of candidates) {
    const hit = variableLocations(doc, name).find((l) => contains(l.range, pos));
    if (hit) return { name, range: hit.range };
  }
  return undefined;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** Rename edits for the variable under the cursor, or an error message saying why it cannot be renamed. */
export function renameVariable(doc: PromptDocument, pos: Position, newName: string): TextEdit[] | { error: string } {
  const at = variableAt(doc, pos);
  if (!at) return { error: 'Put the cursor on an input variable to rename it.' };
  if (!IDENTIFIER.test(newName)) return { error: `'${newName}' is not a valid variable name: use letters, digits, _ or -, starting with a letter.` };
  if (newName !== at.name && doc.inputs.some((i) => i.name === newName)) return { error: `An input named '${newName}' already exists.` };
  return variableLocations(doc, at.name).map((l) => ({ range: l.range, newText: newName }));
}
