import type { CellPosition, TranspiledCell } from '../transpile/transpile';

/** Every cell script the kernel compiled, by its vm file name, so any stack frame can be mapped back. */
export class ScriptRegistry {
  private readonly scripts = new Map<string, { label: string; transpiled: TranspiledCell }>();

  add(fileName: string, label: string, transpiled: TranspiledCell): void {
    this.scripts.set(fileName, { label, transpiled });
  }

  /** The cell and position a frame's location refers to, or undefined when it is not a cell's. */
  map(fileName: string, line: number, column: number): { label: string; position: CellPosition | undefined } | undefined {
    const script = this.scripts.get(fileName);
    if (!script) return undefined;
    return { label: script.label, position: script.transpiled.originalPosition(line, column) };
  }
}
