/**
 * Which compiler diagnostics of the virtual module are real for a notebook.
 *
 * - A name declared at top level in two cells (re-defining `model` further
 *   down, importing `mnist` again) is an error in one module (2451, 2300,
 *   2393) but works in the kernel, which keeps cells' declarations on the
 *   global object and re-assigns them. Those are dropped when every other
 *   declaration of the name is in another cell; twice in one cell is an error
 *   in the kernel too (esbuild refuses it), so it stays. Uses further down see
 *   the first declaration's type.
 * - Syntax errors are taken from each cell parsed alone, as the kernel
 *   compiles each cell alone. A cell that does not parse (an unclosed brace
 *   while typing) swallows the cells after it in the joined module; their
 *   type errors would be noise, so they are withheld until it parses.
 */
import * as ts from 'typescript';
import { COMPILER_OPTIONS } from './host';
import type { VirtualDocument } from './virtualDocument';

export type Severity = 'error' | 'warning' | 'info';

export interface CellDiagnostic {
  /** Index into the code cells. */
  cell: number;
  /** Offset in the cell's source. */
  start: number;
  length: number;
  message: string;
  /** TypeScript's error code (TS2339 …). */
  code: number;
  severity: Severity;
}

/** Duplicate-declaration codes that cross-cell re-declarations produce. */
export const REDECLARATION_CODES = new Set([2300, 2451, 2393]);

export function severityOf(category: ts.DiagnosticCategory): Severity {
  return category === ts.DiagnosticCategory.Error ? 'error' : category === ts.DiagnosticCategory.Warning ? 'warning' : 'info';
}

export function flatten(message: string | ts.DiagnosticMessageChain): string {
  return ts.flattenDiagnosticMessageText(message, '\n');
}

/** Each cell's own syntax errors (the cell compiled alone, as the kernel does). */
export function cellSyntaxDiagnostics(document: VirtualDocument): CellDiagnostic[] {
  return document.cells.flatMap((cell, index) => {
    // It parsed as the expression the kernel runs (expressionCells.ts).
    if (cell.expression) return [];
    const { diagnostics = [] } = ts.transpileModule(cell.source, { compilerOptions: { ...COMPILER_OPTIONS, noEmit: false }, reportDiagnostics: true, fileName: 'cell.ts' });
    return diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).map((d): CellDiagnostic => ({
      cell: index,
      start: d.start ?? 0,
      length: d.length ?? 0,
      message: flatten(d.messageText),
      code: d.code,
      severity: 'error',
    }));
  });
}

/**
 * The cell after which type errors are withheld: the first cell with syntax
 * errors when the joined module's syntax errors show that it swallowed later
 * text; undefined when nothing leaked.
 */
export function firstSwallowingCell(document: VirtualDocument, syntax: readonly CellDiagnostic[], joined: readonly ts.Diagnostic[]): number | undefined {
  const broken = new Set(syntax.map((d) => d.cell));
  if (broken.size === 0) return undefined;
  // A separator's offset belongs to the cell before it: `mnist.` at a cell's end is reported on the `;` after it.
  const leaked = joined.some((d) => {
    const location = document.toCell(d.start ?? 0);
    return !location || !broken.has(location.cell);
  });
  return leaked ? Math.min(...broken) : undefined;
}

/** True for a duplicate-declaration error whose other declarations are all in other cells. */
export function isCrossCellRedeclaration(diagnostic: ts.Diagnostic, file: ts.SourceFile, document: VirtualDocument): boolean {
  if (!REDECLARATION_CODES.has(diagnostic.code) || diagnostic.start === undefined) return false;
  const name = file.text.slice(diagnostic.start, diagnostic.start + (diagnostic.length ?? 0));
  const cell = document.toCell(diagnostic.start)?.cell;
  let inThisCell = 0;
  for (const statement of file.statements) {
    if (!topLevelNames(statement).includes(name)) continue;
    if (document.toCell(statement.getStart(file))?.cell === cell) inThisCell++;
  }
  return inThisCell <= 1;
}

/** The names a top-level statement declares (functions with overloads count once per statement). */
function topLevelNames(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
    // An overload signature is a declaration without a body: the implementation is the one that counts.
    if (ts.isFunctionDeclaration(statement) && !statement.body) return [];
    return [statement.name.text];
  }
  if (ts.isImportDeclaration(statement) && statement.importClause) {
    const clause = statement.importClause;
    const names = clause.name ? [clause.name.text] : [];
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((e) => e.name.text));
    return names;
  }
  return [];
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}
