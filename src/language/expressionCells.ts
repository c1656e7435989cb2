/**
 * Like Node's REPL, the kernel reads a cell that is `{ a: 1 }` alone as an
 * object to show, not a block with a label (src/kernel/transpile/transpile.ts):
 * a cell that starts with `{`, ends with `}` and parses inside parentheses.
 * Such a cell is wrapped in parentheses in the virtual module too, or
 * `{ a: 1, b: 2 }` would be a syntax error here and a value there.
 */
import * as ts from 'typescript';

export function isObjectLiteralCell(source: string): boolean {
  if (!/^\s*\{/.test(source) || !/\}\s*$/.test(source)) return false;
  const { diagnostics = [] } = ts.transpileModule(`(${source})`, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 }, fileName: 'cell.ts' });
  return !diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error);
}
