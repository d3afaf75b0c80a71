// The outline (frontmatter, its keys, tests, role sections) and the folding ranges of a prompt file.
import type { PromptDocument, Range, RoleSection } from '../promptFile/model';
import { allLines, textOf } from './text';
import type { DocumentSymbol, FoldingRange } from './types';

function topLevelKeys(doc: PromptDocument): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const k of doc.keys) {
    if (k.path.includes('.') || k.path.includes('[') || k.path === 'tests') continue;
    const range: Range = { start: k.keyRange.start, end: k.valueRange?.end ?? k.keyRange.end };
    const value = doc.frontmatter?.[k.path];
    const detail = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
    out.push({ name: k.path, detail, kind: 'property', range, selectionRange: k.keyRange, children: [] });
  }
  return out;
}

function testSymbols(doc: PromptDocument): DocumentSymbol | undefined {
  const key = doc.keys.find((k) => k.path === 'tests');
  if (!key) return undefined;
  const children = doc.tests.map((t, i): DocumentSymbol => ({
    name: t.name || `test ${i + 1}`,
    detail: `${t.assert.length} assertion${t.assert.length === 1 ? '' : 's'}${t.dataset ? `, dataset ${t.dataset.value}` : ''}`,
    kind: 'method',
    range: t.range,
    selectionRange: t.nameRange,
    children: [],
  }));
  const range: Range = { start: key.keyRange.start, end: key.valueRange?.end ?? key.keyRange.end };
  return { name: 'tests', detail: `${doc.tests.length}`, kind: 'namespace', range, selectionRange: key.keyRange, children };
}

function sectionName(s: RoleSection): string {
  return s.markerRange ? s.role : `${s.role} (implicit)`;
}

/** The document outline: the frontmatter with its keys and tests, then one symbol per role section. */
export function documentSymbols(doc: PromptDocument): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  if (doc.frontmatterRange) {
    const tests = testSymbols(doc);
    const children = [...topLevelKeys(doc), ...(tests ? [tests] : [])].sort((a, b) => a.range.start.line - b.range.start.line);
    const fmStart = doc.frontmatterRange.start;
    out.push({
      name: 'frontmatter', detail: doc.model?.value ?? '', kind: 'module', range: doc.frontmatterRange,
      selectionRange: { start: fmStart, end: { line: fmStart.line, character: fmStart.character + 3 } }, children,
    });
  }
  for (const s of doc.sections) {
    // An implicit section holding only blank lines is not worth a symbol.
    if (!s.markerRange && textOf(doc, s.range).trim() === '') continue;
    out.push({ name: sectionName(s), detail: 'message', kind: 'event', range: s.range, selectionRange: s.markerRange ?? { start: s.range.start, end: s.range.start }, children: [] });
  }
  return out;
}

/** Last line of a range that ends at the start of the next thing (column 0 belongs to that thing). */
function lastLine(r: Range): number {
  return r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
}

/** Folding: the frontmatter, multi-line keys, each test, each role section, blocks, comments and `#region` markers. */
export function foldingRanges(doc: PromptDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const seen = new Set<string>();
  const add = (startLine: number, endLine: number, kind?: FoldingRange['kind']): void => {
    const id = `${startLine}-${endLine}`;
    if (endLine <= startLine || seen.has(id)) return;
    seen.add(id);
    out.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  if (doc.frontmatterRange) add(doc.frontmatterRange.start.line, doc.frontmatterRange.end.line);
  for (const k of doc.keys) {
    if (!k.valueRange) continue;
    add(k.keyRange.start.line, lastLine(k.valueRange));
  }
  for (const t of doc.tests) add(t.range.start.line, lastLine(t.range));
  const lines = allLines(doc);
  for (const s of doc.sections) {
    let end = lastLine(s.range);
    while (end > s.range.start.line && (lines[end] ?? '').trim() === '') end--;
    add(s.range.start.line, end);
  }
  for (const n of doc.templateNodes) {
    if (n.kind === 'block') add(n.range.start.line, n.range.end.line - 1);
    else if (n.kind === 'comment') add(n.range.start.line, n.range.end.line, 'comment');
  }
  const regions: number[] = [];
  for (let l = doc.bodyRange.start.line; l < lines.length; l++) {
    const line = lines[l];
    if (/^\s*\{\{!--\s*#region\b/.test(line)) regions.push(l);
    else if (/^\s*\{\{!--\s*#endregion\b/.test(line)) {
      const start = regions.pop();
      if (start !== undefined) add(start, l, 'region');
    }
  }
  return out;
}
