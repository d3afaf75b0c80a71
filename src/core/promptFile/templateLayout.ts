// Placing cached template pieces in the file, and role sections.
import type { Position, Range, Role, RoleSection, TemplateNode } from './model';
import type { LineIndex } from './positions';
import type { ParamInfo, Piece } from './templateModel';
import { PieceNode, PieceParam } from './templatePieceNode';

/** The piece with file positions, reusing the last placement when the piece has not moved. */
export function placePiece(piece: Piece, startLine: number, index: LineIndex): Piece {
  if (piece.exact && piece.origin === startLine) return piece;
  if (piece.placed?.startLine === startLine) return piece.placed.piece;
  const delta = startLine - piece.origin;
  const shift = (r: Range): Range => ({ start: shiftPos(index, r.start, delta), end: shiftPos(index, r.end, delta) });
  // The fast reader's nodes and arguments keep offsets in the piece: placed elsewhere, they only need its new line.
  const lines = piece.lines?.at(startLine);
  const moved = new Map<TemplateNode, TemplateNode>();
  const nodes = piece.nodes.map((n) => {
    const m: TemplateNode = lines && n instanceof PieceNode ? n.placed(lines)
      : { kind: n.kind, name: n.name, range: shift(n.range), nameRange: shift(n.nameRange), scopes: n.scopes };
    moved.set(n, m);
    return m;
  });
  // A path argument is its variable's node, placed above.
  const param = (q: ParamInfo): ParamInfo => (lines && q instanceof PieceNode ? (moved.get(q) as PieceNode | undefined) ?? q.placed(lines)
    : lines && q instanceof PieceParam ? q.placed(lines) : { ...q, range: shift(q.range) });
  const placed: Piece = {
    nodes,
    paths: piece.paths.map((p) => ({ ...p, node: moved.get(p.node) ?? p.node })),
    helpers: piece.helpers.map((h) => ({ node: moved.get(h.node) ?? h.node, params: h.params.map(param), hashKeys: h.hashKeys })),
    partials: piece.partials.map((p) => ({ value: p.value, range: shift(p.range) })),
    markers: piece.markers.map((m) => ({ role: m.role, range: shift(m.range) })),
    ...(lines ? { lines } : {}),
    origin: startLine,
    exact: piece.exact,
  };
  piece.placed = { startLine, piece: placed };
  return placed;
}

/** Moves a position `delta` lines, clamped to the line (Handlebars' columns are trusted, not assumed). */
function shiftPos(index: LineIndex, p: Position, delta: number): Position {
  const line = Math.min(p.line + delta, index.lineCount - 1);
  const length = index.lineEnd(line) - index.lineStart(line);
  return { line, character: Math.min(p.character, length) };
}

/** Role sections: from each `{{role}}` marker to the next, plus the implicit leading `user` section. */
export function buildSections(markers: { role: Role; range: Range }[], bodyRange: Range): RoleSection[] {
  markers.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const sections: RoleSection[] = [];
  const firstStart = markers[0]?.range.start;
  if (!firstStart || firstStart.line !== bodyRange.start.line || firstStart.character !== bodyRange.start.character) {
    sections.push({ role: 'user', range: { start: bodyRange.start, end: firstStart ?? bodyRange.end } });
  }
  markers.forEach((m, i) => {
    const end = markers[i + 1]?.range.start ?? bodyRange.end;
    sections.push({ role: m.role, range: { start: m.range.start, end }, markerRange: m.range });
  });
  return sections;
}

/** Clamps a position into the text. */
export function clampPos(index: LineIndex, p: Position): Position {
  return index.positionAt(index.offsetAt(p));
}

