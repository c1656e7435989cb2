/** Completion, hover, signature help and go-to-definition in ibnb code cells, answered by the notebook's language service. */
import * as vscode from 'vscode';
import type * as Language from '../../language/index';
import { codeCells, findCell } from './notebookCells';
import type { NotebookServices } from './services';

type Entry = Language.CompletionList['entries'][number];

/** What a completion item needs to fetch its details later (resolveCompletionItem). */
class CellCompletionItem extends vscode.CompletionItem {
  readonly entry: { name: string; source?: string; data?: unknown };

  constructor(
    entry: Entry,
    readonly notebook: vscode.NotebookDocument,
    readonly codeIndex: number,
    readonly offset: number,
  ) {
    super(entry.name, completionKind(entry.kind));
    this.entry = { name: entry.name, source: entry.source, data: entry.data };
    this.sortText = entry.sortText;
    if (entry.insertText !== undefined) this.insertText = entry.insertText;
    if (entry.filterText !== undefined) this.filterText = entry.filterText;
  }
}

export function registerProviders(selector: vscode.DocumentSelector, services: NotebookServices): vscode.Disposable[] {
  const completions: vscode.CompletionItemProvider<CellCompletionItem> = {
    async provideCompletionItems(document, position) {
      const cell = findCell(document);
      if (!cell) return undefined;
      const offset = document.offsetAt(position);
      const list = await services.ask(cell.notebook, 'completions', cell.codeIndex, offset);
      if (!list) return undefined;
      const range = list.replacement ? new vscode.Range(document.positionAt(list.replacement.start), document.positionAt(list.replacement.start + list.replacement.length)) : undefined;
      return list.entries.map((entry) => {
        const item = new CellCompletionItem(entry, cell.notebook, cell.codeIndex, offset);
        if (range) item.range = range;
        return item;
      });
    },
    async resolveCompletionItem(item) {
      const detail = await services.ask(item.notebook, 'completionDetail', item.codeIndex, item.offset, item.entry);
      if (detail) {
        item.detail = detail.signature;
        item.documentation = new vscode.MarkdownString(detail.documentation);
      }
      return item;
    },
  };

  const hovers: vscode.HoverProvider = {
    async provideHover(document, position) {
      const cell = findCell(document);
      const info = cell && (await services.ask(cell.notebook, 'hover', cell.codeIndex, document.offsetAt(position)));
      if (!info) return undefined;
      const contents = new vscode.MarkdownString().appendCodeblock(info.signature, 'typescript');
      if (info.documentation) contents.appendMarkdown(`\n\n${info.documentation}`);
      return new vscode.Hover(contents, new vscode.Range(document.positionAt(info.start), document.positionAt(info.start + info.length)));
    },
  };

  const signatures: vscode.SignatureHelpProvider = {
    async provideSignatureHelp(document, position) {
      const cell = findCell(document);
      const info = cell && (await services.ask(cell.notebook, 'signatureHelp', cell.codeIndex, document.offsetAt(position)));
      if (!info) return undefined;
      const help = new vscode.SignatureHelp();
      help.signatures = info.signatures.map((s) => {
        const signature = new vscode.SignatureInformation(s.label, new vscode.MarkdownString(s.documentation));
        signature.parameters = s.parameters.map((p) => new vscode.ParameterInformation(p.label, new vscode.MarkdownString(p.documentation)));
        return signature;
      });
      help.activeSignature = info.activeSignature;
      help.activeParameter = info.activeParameter;
      return help;
    },
  };

  const definitions: vscode.DefinitionProvider = {
    async provideDefinition(document, position) {
      const cell = findCell(document);
      if (!cell) return undefined;
      const cells = codeCells(cell.notebook);
      const locations = await services.ask(cell.notebook, 'definition', cell.codeIndex, document.offsetAt(position));
      return locations.flatMap((location) => {
        if (location.kind === 'file') {
          return [new vscode.Location(vscode.Uri.file(location.path), new vscode.Range(location.start.line, location.start.character, location.end.line, location.end.character))];
        }
        const target = cells[location.cell]?.document;
        return target ? [new vscode.Location(target.uri, new vscode.Range(target.positionAt(location.start), target.positionAt(location.start + location.length)))] : [];
      });
    },
  };

  return [
    vscode.languages.registerCompletionItemProvider(selector, completions, '.', '"', "'", '/'),
    vscode.languages.registerHoverProvider(selector, hovers),
    vscode.languages.registerSignatureHelpProvider(selector, signatures, '(', ','),
    vscode.languages.registerDefinitionProvider(selector, definitions),
  ];
}

/** TypeScript's ScriptElementKind (a string) → VS Code's kind. */
function completionKind(kind: string): vscode.CompletionItemKind {
  const K = vscode.CompletionItemKind;
  const kinds: Record<string, vscode.CompletionItemKind> = {
    method: K.Method, function: K.Function, 'local function': K.Function, constructor: K.Constructor,
    property: K.Property, getter: K.Property, setter: K.Property, 'JSX attribute': K.Property,
    var: K.Variable, let: K.Variable, 'local var': K.Variable, parameter: K.Variable, const: K.Constant,
    class: K.Class, 'local class': K.Class, interface: K.Interface, type: K.TypeParameter, 'type parameter': K.TypeParameter,
    enum: K.Enum, 'enum member': K.EnumMember, module: K.Module, 'external module name': K.Module, alias: K.Reference,
    keyword: K.Keyword, string: K.Value, directory: K.Folder, script: K.File,
  };
  return kinds[kind] ?? K.Text;
}
