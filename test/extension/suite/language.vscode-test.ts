/**
 * In a real VS Code: the language features of ibnb code cells through VS Code's
 * own provider commands (what the editor calls when a user types, hovers or
 * presses F12), and the diagnostics as Problems holds them, kept up to date as a
 * cell is edited.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, waitFor, workspaceDir } from './helpers';

const code = (source: string) => ({ kind: 'code', language: 'typescript', source, outputs: [] });
const CELLS = [
  "import { IBSequential, Dense, HSIC, mnist } from 'ibnb';",
  'const model = new IBSequential({ inputShape: [4] });',
  'await mnist.loadDataa({ batchSize: 8 });',
  'model.add(new Dense(2));\nmnist.',
];

/** Retries a provider command until its answer passes `accept` (the first one waits for the language worker to start). */
async function until<T>(what: string, ask: () => Thenable<T>, accept: (answer: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const answer = await ask();
    if (accept(answer)) return answer;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last answer: ${JSON.stringify(answer)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

describe('IntelliSense in ibnb code cells', () => {
  let notebook: vscode.NotebookDocument;

  before(async () => {
    await activateExtension();
    const path = join(workspaceDir(), 'language.ibnb');
    writeFileSync(path, JSON.stringify({ format: 'ibnb', version: 1, metadata: {}, cells: [{ kind: 'markdown', source: '# Language' }, ...CELLS.map(code)] }));
    notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(path));
    await vscode.window.showNotebookDocument(notebook);
  });

  after(closeAllEditors);

  const cell = (index: number) => notebook.cellAt(index + 1).document;

  it('reports a misspelt method in its cell, at its range, as a TypeScript error', async () => {
    const diagnostics = await waitFor('the diagnostics of cell 4', () => {
      const found = vscode.languages.getDiagnostics(cell(2).uri);
      return found.some((d) => d.code === 2551) && found;
    });
    const [d] = diagnostics.filter((x) => x.code === 2551);
    assert.equal(d.source, 'ts');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(cell(2).getText(d.range), 'loadDataa');
    assert.match(d.message, /Did you mean 'loadData'\?/);
    // The cells before it are clean: `model` and `mnist` are known there.
    assert.deepEqual(vscode.languages.getDiagnostics(cell(1).uri), []);
  });

  it("completes ibnb's API after `mnist.` in a later cell", async () => {
    const position = cell(3).positionAt(CELLS[3].length);
    const list = await until(
      'completions after mnist.',
      () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', cell(3).uri, position, '.'),
      (l) => l.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'loadData'),
    );
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'loadData')!;
    assert.equal(item.kind, vscode.CompletionItemKind.Property);
  });

  it('hovers a variable of an earlier cell with its type, and HSIC with its doc comment', async () => {
    const model = await until(
      'a hover on model',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cell(3).uri, new vscode.Position(0, 2)),
      (h) => /const model: IBSequential/.test(hoverText(h)),
    );
    assert.match(hoverText(model), /const model: IBSequential/);
    const hsic = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cell(0).uri, cell(0).positionAt(CELLS[0].indexOf('HSIC') + 1));
    assert.match(hoverText(hsic), /Hilbert-Schmidt independence criterion/);
  });

  it('gives signature help in a call, and goes to the definition in the shipped declarations', async () => {
    const help = await vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', cell(3).uri, cell(3).positionAt(CELLS[3].indexOf('Dense(') + 6));
    assert.match(help.signatures[0].label, /^Dense\(units: number/);
    const definitions = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', cell(0).uri, cell(0).positionAt(CELLS[0].indexOf('HSIC') + 1));
    const paths = definitions.map((d) => ('targetUri' in d ? d.targetUri : d.uri).fsPath);
    assert.ok(paths.some((p) => p.endsWith(join('dist', 'typings', 'packages', 'ibnb', 'estimators', 'hsic.d.ts'))), paths.join(', '));
    // Into another cell: `model` in cell 5 is declared in cell 3.
    const inCell = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', cell(3).uri, new vscode.Position(0, 2));
    assert.ok(inCell.some((d) => ('targetUri' in d ? d.targetUri : d.uri).toString() === cell(1).uri.toString()), JSON.stringify(inCell));
  });

  it('clears the error once the cell is fixed', async () => {
    const edit = new vscode.WorkspaceEdit();
    const at = CELLS[2].indexOf('loadDataa');
    edit.replace(cell(2).uri, new vscode.Range(cell(2).positionAt(at), cell(2).positionAt(at + 'loadDataa'.length)), 'loadData');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the error of cell 4 to go', () => vscode.languages.getDiagnostics(cell(2).uri).length === 0, 30_000);
  });
});
