/**
 * Replacements applied to a text, remembering where every output offset came
 * from, so positions in the rewritten cell (stack traces) map back to the
 * text esbuild produced (and from there, through its source map, to the cell).
 */

interface Edit {
  start: number;
  end: number;
  text: string;
}

interface Segment {
  outStart: number;
  outEnd: number;
  inStart: number;
  /** Copied text maps offset by offset; inserted text maps to the start of what it replaced; wrapper text maps nowhere. */
  kind: 'copied' | 'inserted' | 'wrapper';
}

export class TextEdits {
  private readonly edits: Edit[] = [];

  replace(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text });
  }

  insert(at: number, text: string): void {
    this.edits.push({ start: at, end: at, text });
  }

  /** Applies the edits (which must not overlap) to `input`, between `prefix` and `suffix` (which map to no original position). */
  apply(input: string, prefix = '', suffix = ''): EditedText {
    // At one offset, insertions go before a replacement starting there, and keep the order they were made in.
    const isInsertion = (e: Edit) => (e.end === e.start ? 0 : 1);
    const edits = this.edits.map((e, order) => ({ ...e, order })).sort((a, b) => a.start - b.start || isInsertion(a) - isInsertion(b) || a.order - b.order);
    const parts: string[] = [];
    const segments: Segment[] = [];
    let outLength = 0;
    let cursor = 0;
    const add = (text: string, inStart: number, kind: Segment['kind']) => {
      if (text.length === 0) return;
      parts.push(text);
      segments.push({ outStart: outLength, outEnd: outLength + text.length, inStart, kind });
      outLength += text.length;
    };
    add(prefix, 0, 'wrapper');
    for (const edit of edits) {
      if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
      add(input.slice(cursor, edit.start), cursor, 'copied');
      add(edit.text, edit.start, 'inserted');
      cursor = edit.end;
    }
    add(input.slice(cursor), cursor, 'copied');
    add(suffix, input.length, 'wrapper');
    return new EditedText(parts.join(''), segments);
  }
}

export class EditedText {
  constructor(
    readonly text: string,
    private readonly segments: Segment[],
  ) {}

  /** The offset in the original text that produced `offset` of this text; undefined within the prefix or suffix. */
  originalOffset(offset: number): number | undefined {
    let low = 0;
    let high = this.segments.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const segment = this.segments[mid];
      if (offset < segment.outStart) high = mid - 1;
      else if (offset >= segment.outEnd) low = mid + 1;
      else if (segment.kind === 'wrapper') return undefined;
      else return segment.kind === 'copied' ? segment.inStart + (offset - segment.outStart) : segment.inStart;
    }
    return undefined;
  }
}
