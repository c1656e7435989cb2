/**
 * A notebook's code cells as ONE TypeScript module, in notebook order, the
 * way the kernel sees them: every cell's top-level declarations are visible
 * to the cells after it (the kernel keeps them on the global object), so a
 * `const model` of cell 3 is known, and typed, in cell 7.
 *
 * Between cells goes a separator (`;` on its own line) so that a cell ending
 * in an expression is not continued by the next cell's first token (ASI would
 * read `a` + `(b)` as a call). The module ends in `export {}` so that
 * top-level `await` is legal even when no cell imports anything.
 */

export interface SourceCell {
  /** The cell's text. */
  source: string;
  /** What messages call the cell ("cell 4": its 1-based index among all cells of the notebook). */
  label: string;
  /** The kernel reads the cell as one expression (`{ a: 1 }` alone, see expressionCells.ts): it is wrapped in parentheses. */
  expression?: boolean;
}

export interface CellSpan {
  /** Index into the cells given to buildVirtualDocument. */
  index: number;
  /** Offset of the cell's first character in the virtual text. */
  start: number;
  /** Offset just past the cell's last character. */
  end: number;
}

export const CELL_SEPARATOR = '\n;\n';
/** Starts with a separator too, so that an unfinished `mnist.` at the end of the last cell is not read as `mnist.export`. */
export const MODULE_FOOTER = '\n;\nexport {};\n';

export interface CellLocation {
  /** Index into the cells. */
  cell: number;
  /** Offset inside the cell's source. */
  offset: number;
}

export class VirtualDocument {
  private constructor(
    readonly text: string,
    readonly cells: readonly SourceCell[],
    readonly spans: readonly CellSpan[],
  ) {}

  static build(cells: readonly SourceCell[]): VirtualDocument {
    let text = '';
    const spans: CellSpan[] = [];
    cells.forEach((cell, index) => {
      if (index > 0) text += CELL_SEPARATOR;
      // The parentheses lie outside the cell's span: positions inside it map as they are.
      if (cell.expression) text += '(';
      spans.push({ index, start: text.length, end: text.length + cell.source.length });
      text += cell.source;
      if (cell.expression) text += ')';
    });
    return new VirtualDocument(text + MODULE_FOOTER, cells, spans);
  }

  /** The virtual offset of an offset inside a cell (clamped to the cell). */
  toVirtual(cell: number, offset: number): number {
    const span = this.spans[cell];
    if (!span) throw new RangeError(`No cell ${cell}: the notebook has ${this.spans.length} code cell(s).`);
    return span.start + Math.max(0, Math.min(offset, span.end - span.start));
  }

  /**
   * The cell and offset of a virtual offset. A separator's or the footer's
   * offset belongs to the end of the cell before it (a parser error "after"
   * a cell's last token is reported at the next token, which is there).
   */
  toCell(offset: number): CellLocation | undefined {
    if (this.spans.length === 0) return undefined;
    let low = 0;
    let high = this.spans.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.spans[mid].start <= offset) low = mid;
      else high = mid - 1;
    }
    const span = this.spans[low];
    return { cell: low, offset: Math.max(0, Math.min(offset, span.end) - span.start) };
  }

  /** True when the virtual range lies inside one cell's text (not in a separator or the footer). */
  isInsideCell(start: number, end: number = start): boolean {
    const location = this.toCell(start);
    if (!location) return false;
    const span = this.spans[location.cell];
    return start >= span.start && end <= span.end;
  }
}

/** 0-based line and character of an offset in a text. */
export function lineAndCharacter(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: Math.min(offset, text.length) - lineStart };
}
