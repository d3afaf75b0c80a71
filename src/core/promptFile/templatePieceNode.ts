// Template nodes whose ranges are computed when read. The fast reader (templateFastParse.ts) keeps a node's offsets in
// its piece, not four positions and two ranges: on a cold parse of a large body those objects were most of what the
// template stage allocated, and nothing reads most nodes' ranges unless a diagnostic, hover or outline asks for them.
import type { Position, Range, TemplateNode, TemplateNodeKind } from './model';
import type { ParamInfo } from './templateModel';

/** The line starts of one piece of template text, whose first line is file line `origin` and starts at `baseChar`. */
export class PieceLines {
  constructor(readonly starts: readonly number[], readonly origin: number, readonly baseChar: number) {}

  /** The file position of an offset in the piece. */
  position(offset: number): Position {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: this.origin + lo, character: (lo === 0 ? this.baseChar : 0) + offset - starts[lo] };
  }

  range(from: number, to: number): Range {
    return { start: this.position(from), end: this.position(to) };
  }

  /** The same piece placed at another file line. */
  at(origin: number): PieceLines {
    return new PieceLines(this.starts, origin, this.baseChar);
  }
}

/**
 * A template node of a piece the fast reader read; `range` and `nameRange` are new plain objects on each read. A path
 * argument's variable node is also the argument's ParamInfo (a path as written, at its range), one object for both.
 */
export class PieceNode implements TemplateNode, ParamInfo {
  constructor(readonly kind: TemplateNodeKind, readonly name: string, readonly scopes: readonly string[], readonly lines: PieceLines,
    readonly from: number, public to: number, readonly nameFrom: number, readonly nameTo: number) {}

  get range(): Range {
    return this.lines.range(this.from, this.to);
  }

  get nameRange(): Range {
    return this.lines.range(this.nameFrom, this.nameTo);
  }

  /** As a path argument: Handlebars' node type. */
  get type(): string {
    return 'PathExpression';
  }

  /** As a path argument: the path as written. */
  get value(): string {
    return this.name;
  }

  /** This node in the same piece placed at another line. */
  placed(lines: PieceLines): PieceNode {
    return new PieceNode(this.kind, this.name, this.scopes, lines, this.from, this.to, this.nameFrom, this.nameTo);
  }
}

/** A helper argument of a piece the fast reader read, its range computed when read. */
export class PieceParam implements ParamInfo {
  constructor(readonly type: string, readonly value: string, readonly lines: PieceLines, readonly from: number, readonly to: number) {}

  get range(): Range {
    return this.lines.range(this.from, this.to);
  }

  placed(lines: PieceLines): PieceParam {
    return new PieceParam(this.type, this.value, lines, this.from, this.to);
  }
}
