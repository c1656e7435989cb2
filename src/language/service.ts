/**
 * TypeScript's language service over one notebook (its code cells as one
 * virtual module, see virtualDocument.ts), answering in cell coordinates:
 * a cell index and an offset in that cell's source. The VS Code providers
 * (src/extension/language) and `ibnb check` (src/cli) both use it.
 */
import { basename, dirname, join } from 'node:path';
import * as ts from 'typescript';
import { cellSyntaxDiagnostics, firstSwallowingCell, flatten, isCrossCellRedeclaration, severityOf, type CellDiagnostic } from './diagnostics';
import { isObjectLiteralCell } from './expressionCells';
import { NotebookHost } from './host';
import { TypingsFolder } from './typings';
import { VirtualDocument, type SourceCell } from './virtualDocument';

export interface NotebookServiceOptions {
  /** The notebook's path: packages and relative imports resolve from its folder. */
  notebookPath: string;
  /** The folder scripts/typings.mjs built (dist/typings). */
  typingsRoot: string;
}

/** A place in a cell, or in a declaration file on disk. */
export type Location =
  | { kind: 'cell'; cell: number; start: number; length: number }
  | { kind: 'file'; path: string; start: { line: number; character: number }; end: { line: number; character: number } };

export interface HoverInfo {
  /** The signature, as TypeScript prints it (`const model: IBSequential`). */
  signature: string;
  /** The doc comment, with its @tags as text lines. */
  documentation: string;
  start: number;
  length: number;
}

export interface SignatureInfo {
  signatures: { label: string; documentation: string; parameters: { label: string; documentation: string }[] }[];
  activeSignature: number;
  activeParameter: number;
}

export interface CompletionList {
  entries: readonly ts.CompletionEntry[];
  /** The range (in the cell) the chosen entry replaces, when not the word at the cursor. */
  replacement?: { start: number; length: number };
}

export interface CompletionDetail {
  signature: string;
  documentation: string;
}

/**
 * Shared by every notebook's service: the ~800 declaration files (TensorFlow.js,
 * Node) are parsed once per process, not once per open notebook.
 */
const DOCUMENTS = ts.createDocumentRegistry();
/** The registry keys files by path: each service's virtual module has a path of its own (same folder). */
let services = 0;

const PREFERENCES: ts.UserPreferences = { includeCompletionsWithInsertText: true, includeCompletionsForModuleExports: false };

export class NotebookLanguageService {
  private readonly host: NotebookHost;
  private readonly service: ts.LanguageService;
  private document = VirtualDocument.build([]);

  constructor(options: NotebookServiceOptions) {
    const typings = new TypingsFolder(options.typingsRoot);
    const folder = dirname(options.notebookPath);
    this.host = new NotebookHost(join(folder, `${basename(options.notebookPath)}.${++services}.cells.ts`), join(options.typingsRoot, 'notebook-globals.d.ts'), typings);
    this.service = ts.createLanguageService(this.host, DOCUMENTS);
  }

  /** The notebook's code cells, in order (markdown cells left out). */
  update(cells: readonly SourceCell[]): void {
    this.document = VirtualDocument.build(cells.map((cell) => ({ ...cell, expression: isObjectLiteralCell(cell.source) })));
    this.host.setText(this.document.text);
  }

  get virtualDocument(): VirtualDocument {
    return this.document;
  }

  diagnostics(): CellDiagnostic[] {
    const file = this.host.cellsFile;
    const syntax = cellSyntaxDiagnostics(this.document);
    const joined = this.service.getSyntacticDiagnostics(file);
    const swallowing = firstSwallowingCell(this.document, syntax, joined);
    const sourceFile = this.service.getProgram()!.getSourceFile(file)!;
    const semantic = this.service
      .getSemanticDiagnostics(file)
      .filter((d) => d.start !== undefined && !isCrossCellRedeclaration(d, sourceFile, this.document))
      .flatMap((d): CellDiagnostic[] => {
        const location = this.document.toCell(d.start!);
        if (!location || (swallowing !== undefined && location.cell > swallowing)) return [];
        const cellLength = this.document.cells[location.cell].source.length;
        return [{ cell: location.cell, start: location.offset, length: Math.min(d.length ?? 0, cellLength - location.offset), message: flatten(d.messageText), code: d.code, severity: severityOf(d.category) }];
      });
    return [...syntax, ...semantic].sort((a, b) => a.cell - b.cell || a.start - b.start);
  }

  completions(cell: number, offset: number): CompletionList | undefined {
    const info = this.service.getCompletionsAtPosition(this.host.cellsFile, this.document.toVirtual(cell, offset), PREFERENCES);
    if (!info) return undefined;
    const span = info.optionalReplacementSpan;
    const replacement = span && this.document.isInsideCell(span.start, span.start + span.length) ? { start: this.document.toCell(span.start)!.offset, length: span.length } : undefined;
    return { entries: info.entries, replacement };
  }

  /** `entry`: what completions() returned for it (its data came through the worker's messages, as is). */
  completionDetail(cell: number, offset: number, entry: { name: string; source?: string; data?: unknown }): CompletionDetail | undefined {
    const details = this.service.getCompletionEntryDetails(this.host.cellsFile, this.document.toVirtual(cell, offset), entry.name, {}, entry.source, PREFERENCES, entry.data as ts.CompletionEntryData | undefined);
    if (!details) return undefined;
    return { signature: ts.displayPartsToString(details.displayParts), documentation: documentationText(details.documentation, details.tags) };
  }

  hover(cell: number, offset: number): HoverInfo | undefined {
    const info = this.service.getQuickInfoAtPosition(this.host.cellsFile, this.document.toVirtual(cell, offset));
    if (!info) return undefined;
    const location = this.document.toCell(info.textSpan.start)!;
    return { signature: ts.displayPartsToString(info.displayParts), documentation: documentationText(info.documentation, info.tags), start: location.offset, length: info.textSpan.length };
  }

  signatureHelp(cell: number, offset: number): SignatureInfo | undefined {
    const help = this.service.getSignatureHelpItems(this.host.cellsFile, this.document.toVirtual(cell, offset), undefined);
    if (!help) return undefined;
    return {
      signatures: help.items.map((item) => {
        const parameters = item.parameters.map((p) => ({ label: ts.displayPartsToString(p.displayParts), documentation: ts.displayPartsToString(p.documentation) }));
        const label = `${ts.displayPartsToString(item.prefixDisplayParts)}${parameters.map((p) => p.label).join(ts.displayPartsToString(item.separatorDisplayParts))}${ts.displayPartsToString(item.suffixDisplayParts)}`;
        return { label, documentation: documentationText(item.documentation, item.tags), parameters };
      }),
      activeSignature: help.selectedItemIndex,
      activeParameter: help.argumentIndex,
    };
  }

  definition(cell: number, offset: number): Location[] {
    const definitions = this.service.getDefinitionAtPosition(this.host.cellsFile, this.document.toVirtual(cell, offset)) ?? [];
    const program = this.service.getProgram()!;
    return definitions.flatMap((d): Location[] => {
      if (d.fileName === this.host.cellsFile) {
        const location = this.document.toCell(d.textSpan.start);
        return location ? [{ kind: 'cell', cell: location.cell, start: location.offset, length: d.textSpan.length }] : [];
      }
      const file = program.getSourceFile(d.fileName);
      if (!file || d.fileName === this.host.globalsFile) return [];
      return [{
        kind: 'file',
        path: this.host.realPathOf(d.fileName),
        start: file.getLineAndCharacterOfPosition(d.textSpan.start),
        end: file.getLineAndCharacterOfPosition(d.textSpan.start + d.textSpan.length),
      }];
    });
  }

  dispose(): void {
    this.service.dispose();
  }
}

/** A doc comment as text: the summary, then each @tag (`@param x …`, `@example …`) on its own paragraph. */
function documentationText(documentation: readonly ts.SymbolDisplayPart[] | undefined, tags: readonly ts.JSDocTagInfo[] | undefined): string {
  const parts = [ts.displayPartsToString(documentation ? [...documentation] : [])];
  for (const tag of tags ?? []) parts.push(`@${tag.name}${tag.text ? ` ${ts.displayPartsToString(tag.text)}` : ''}`);
  return parts.filter((p) => p.trim() !== '').join('\n\n');
}
