/** A TypeScript cell → a script for vm, plus how to map its positions back to the cell. */
import { SourceMap } from 'node:module';
import { transform, type Message, type TransformFailure } from 'esbuild';
import { rewriteCell } from './rewrite';
import { TokenizeError } from './tokenize';

export interface CellPosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface TranspiledCell {
  code: string;
  declaredNames: string[];
  /** Where a position of `code` (1-based, as in stack traces) came from in the cell; undefined for wrapper code. */
  originalPosition(line: number, column: number): CellPosition | undefined;
}

/** The cell does not compile: a syntax error, or TypeScript that cannot be stripped. */
export class CellSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: CellPosition | undefined,
    readonly lineText: string | undefined,
  ) {
    super(position ? `${reason} (line ${position.line}, column ${position.column})` : reason);
    this.name = 'SyntaxError';
  }
}

export async function transpileCell(source: string, fileName: string): Promise<TranspiledCell> {
  // Like Node's REPL: `{ a: 1 }` alone is an object to show, not a block with a label.
  if (/^\s*\{/.test(source) && /\}\s*$/.test(source)) {
    try {
      const wrapped = await transpileScript(`(${source})`, fileName);
      return {
        ...wrapped,
        originalPosition(line, column) {
          const position = wrapped.originalPosition(line, column);
          return position && position.line === 1 ? { line: 1, column: Math.max(1, position.column - 1) } : position;
        },
      };
    } catch {
      // Not an object literal after all.
    }
  }
  return transpileScript(source, fileName);
}

async function transpileScript(source: string, fileName: string): Promise<TranspiledCell> {
  let result: { code: string; map: string };
  try {
    result = await transform(source, {
      loader: 'ts',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: fileName,
      // An import that this cell does not use is still needed by the next ones.
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
      logLevel: 'silent',
    });
  } catch (error) {
    const first: Message | undefined = (error as TransformFailure).errors?.[0];
    if (!first) throw error;
    const location = first.location;
    throw new CellSyntaxError(first.text, location ? { line: location.line, column: location.column + 1 } : undefined, location?.lineText);
  }
  let rewritten;
  try {
    rewritten = rewriteCell(result.code);
  } catch (error) {
    if (error instanceof TokenizeError) throw new CellSyntaxError(`the kernel could not read the compiled cell (${error.message}); please report this cell as a bug`, undefined, undefined);
    throw error;
  }
  const map = new SourceMap(JSON.parse(result.map));
  const finalLines = lineStarts(rewritten.edited.text);
  const jsLines = lineStarts(result.code);
  return {
    code: rewritten.edited.text,
    declaredNames: rewritten.declaredNames,
    originalPosition(line, column) {
      const offset = (finalLines[line - 1] ?? NaN) + column - 1;
      if (!Number.isFinite(offset)) return undefined;
      const jsOffset = rewritten.edited.originalOffset(offset);
      if (jsOffset === undefined) return undefined;
      const jsLine = upperBound(jsLines, jsOffset) - 1;
      const entry = map.findEntry(jsLine, jsOffset - jsLines[jsLine]) as { originalLine?: number; originalColumn?: number };
      if (entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
      return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
    },
  };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** The index of the first element greater than `value`. */
function upperBound(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
