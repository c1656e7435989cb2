/**
 * In a real VS Code: open an .ibnb, run every cell through the controller,
 * read the outputs back through the API, save and reopen, interrupt, restart,
 * a corrupt file, and no kernel left when the notebook closes.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { IbnbApi } from '../../../src/extension/api';
import {
  activateExtension,
  closeAllEditors,
  copyFixture,
  DYNAMICS_MIME,
  ERROR_MIME,
  insertCodeCells,
  openNotebook,
  outputJson,
  outputText,
  runCells,
  selectIbKernel,
  STDERR_MIME,
  waitFor,
  workspaceDir,
} from './helpers';
import { isProcessAlive } from '../../support/processes';

describe('IB notebooks in VS Code', () => {
  let api: IbnbApi;
  let editor: vscode.NotebookEditor;

  before(async () => {
    api = await activateExtension();
    editor = await openNotebook(copyFixture('small.ibnb'));
  });

  after(closeAllEditors);

  it('opens .ibnb files as IB notebooks', () => {
    assert.equal(editor.notebook.notebookType, 'ibnb');
    assert.equal(editor.notebook.cellCount, 4);
    assert.equal(editor.notebook.cellAt(0).kind, vscode.NotebookCellKind.Markup);
    assert.equal(editor.notebook.cellAt(1).document.languageId, 'typescript');
  });

  it('runs all cells through the controller, with outputs streamed in', async () => {
    await vscode.commands.executeCommand('notebook.execute');
    const notebook = editor.notebook;
    await waitFor('every code cell to succeed', () => [1, 2, 3].every((i) => notebook.cellAt(i).executionSummary?.success === true));
    assert.match(outputText(notebook.cellAt(1)), /hello from cell 2/);
    const training = notebook.cellAt(3);
    assert.match(outputText(training), /Epoch 2\/2/);
    assert.match(outputText(training), /42/);
    const dynamics = outputJson(training, DYNAMICS_MIME) as { status: string; epochs: unknown[]; layers: string[] };
    assert.equal(dynamics.status, 'done');
    assert.equal(dynamics.epochs.length, 2);
    assert.equal(dynamics.layers.length, 2);
    const orders = [1, 2, 3].map((i) => notebook.cellAt(i).executionSummary?.executionOrder ?? 0);
    assert.ok(orders[0] > 0 && orders[0] < orders[1] && orders[1] < orders[2], `execution order ${orders.join(', ')}`);
    assert.ok(api.kernelPid(notebook), 'a kernel process runs');
    const backend = await waitFor('the kernel to report its backend', () => api.kernelBackend(notebook));
    assert.ok(backend.ok, JSON.stringify(backend));
    await waitFor('the status bar to show the backend', () => /IB: (wasm|cpu|tensorflow)/.test(api.statusBarText() ?? ''));
  });

  it('shows errors with the cell\'s own line in the stack', async () => {
    const notebook = editor.notebook;
    await insertCodeCells(notebook, ['const ok = 1;\nundefinedFunction();'], 4);
    await runCells(editor, [4]);
    const cell = notebook.cellAt(4);
    assert.equal(cell.executionSummary?.success, false);
    const error = outputJson(cell, ERROR_MIME) as { name: string; message: string; stack: string };
    assert.equal(error.name, 'ReferenceError');
    assert.match(error.stack, /cell 5:2/);
  });

  it('saves outputs with the notebook, so reopening shows them without running', async () => {
    await editor.notebook.save();
    const saved = JSON.parse(readFileSync(editor.notebook.uri.fsPath, 'utf8')) as { cells: { outputs?: { items: { mime: string }[] }[] }[] };
    assert.ok(saved.cells[3].outputs?.some((o) => o.items.some((i) => i.mime === DYNAMICS_MIME)), 'the chart is in the file');
    const copy = join(workspaceDir(), 'reopened.ibnb');
    writeFileSync(copy, readFileSync(editor.notebook.uri.fsPath));
    const reopened = await vscode.workspace.openNotebookDocument(vscode.Uri.file(copy));
    assert.ok(outputJson(reopened.cellAt(3), DYNAMICS_MIME), 'the chart output is there on opening');
    assert.ok((reopened.cellAt(3).executionSummary?.executionOrder ?? 0) > 0);
  });

  it('interrupts a running cell and keeps the kernel\'s state', async () => {
    const notebook = editor.notebook;
    const slow = await insertCodeCells(notebook, ["console.log('waiting');\nawait new Promise((resolve) => setTimeout(resolve, 120_000));", 'console.log(`answer is ${answer}`);']);
    const pid = api.kernelPid(notebook);
    void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: slow, end: slow + 1 }], document: notebook.uri });
    await waitFor('the slow cell to start', () => api.kernelBusy(notebook) && /waiting/.test(outputText(notebook.cellAt(slow))));
    // The notebook toolbar's stop button.
    await vscode.commands.executeCommand('notebook.cancelExecution');
    await waitFor('the slow cell to stop', () => !api.kernelBusy(notebook) && notebook.cellAt(slow).executionSummary?.timing?.endTime !== undefined, 30_000);
    assert.notEqual(notebook.cellAt(slow).executionSummary?.success, true);
    assert.match(outputText(notebook.cellAt(slow), [STDERR_MIME]), /Interrupted/);
    assert.equal(api.kernelPid(notebook), pid, 'the same kernel');
    await runCells(editor, [slow + 1]);
    assert.match(outputText(notebook.cellAt(slow + 1)), /answer is 42/);
  });

  it('restarts the kernel: a new process, no variables', async () => {
    const notebook = editor.notebook;
    const before = api.kernelPid(notebook)!;
    await vscode.commands.executeCommand('ibnb.restartKernel');
    const after = await waitFor('a new kernel', () => api.kernelPid(notebook));
    assert.notEqual(after, before);
    await waitFor('the old kernel to end', () => !isProcessAlive(before), 10_000);
    const last = notebook.cellCount - 1;
    await runCells(editor, [last]);
    assert.equal(notebook.cellAt(last).executionSummary?.success, false);
    assert.match(JSON.stringify(outputJson(notebook.cellAt(last), ERROR_MIME)), /answer is not defined/);
  });

  it('shows why a kernel died in the cell, and starts a new one on the next run', async () => {
    const notebook = editor.notebook;
    const before = api.kernelPid(notebook);
    const dies = await insertCodeCells(notebook, ["process.kill(process.pid, 'SIGKILL');", "console.log('alive again');"]);
    await runCells(editor, [dies]);
    assert.equal(notebook.cellAt(dies).executionSummary?.success, false);
    const error = outputJson(notebook.cellAt(dies), ERROR_MIME) as { name: string; message: string };
    assert.equal(error.name, 'KernelDied');
    assert.match(error.message, /killed by SIGKILL/);
    await runCells(editor, [dies + 1]);
    assert.match(outputText(notebook.cellAt(dies + 1)), /alive again/);
    assert.notEqual(api.kernelPid(notebook), before);
  });

  it('refuses a corrupt file with a clear error and leaves it as it was', async () => {
    const path = join(workspaceDir(), 'corrupt.ibnb');
    const content = '{ "format": "ibnb", "version": 1, "cells": [ { "kind": "code", "source": ';
    writeFileSync(path, content);
    await assert.rejects(Promise.resolve(vscode.workspace.openNotebookDocument(vscode.Uri.file(path))), /not a valid \.ibnb notebook/);
    assert.equal(readFileSync(path, 'utf8'), content);
  });

  it('ends the kernel when the notebook closes', async () => {
    // Opened by the workbench, as a user opens a file: a document the extension opened itself
    // (openNotebookDocument) stays referenced, and VS Code need not close it with its editor.
    await closeAllEditors();
    const uri = copyFixture('small.ibnb', 'closing.ibnb');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'ibnb');
    const closing = await waitFor('the notebook editor', () => vscode.window.activeNotebookEditor?.notebook.uri.fsPath === uri.fsPath && vscode.window.activeNotebookEditor);
    await selectIbKernel(closing);
    await runCells(closing, [1]);
    const pid = api.kernelPid(closing.notebook)!;
    assert.ok(isProcessAlive(pid));
    await closeAllEditors();
    await waitFor('the kernel to end after the notebook closed', () => !isProcessAlive(pid), 60_000);
  });
});
