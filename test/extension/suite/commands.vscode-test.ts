/**
 * The palette commands in a real VS Code, with the quick picks answered by a
 * scripted prompter (the extension's test API): new notebook, examples,
 * attach and detach an evaluator, export dynamics, compare runs, backend,
 * interrupt.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { IbnbApi } from '../../../src/extension/api';
import { activateExtension, closeAllEditors, copyFixture, insertCodeCells, openNotebook, outputJson, outputText, runCells, ScriptedPrompter, waitFor, workspaceDir } from './helpers';

describe('IB palette commands', () => {
  let api: IbnbApi;

  before(async () => {
    api = await activateExtension();
    // The prompt hook exists only because these suites run in ExtensionMode.Test.
    assert.equal(typeof api.setPrompter, 'function', 'setPrompter is offered in ExtensionMode.Test');
  });

  afterEach(() => api.setPrompter!(undefined));
  after(closeAllEditors);

  it('IB: New Notebook opens an untitled notebook from the starter template', async () => {
    await vscode.commands.executeCommand('ibnb.newNotebook');
    const notebook = await waitFor('an untitled IB notebook', () => vscode.window.activeNotebookEditor?.notebook);
    assert.equal(notebook.notebookType, 'ibnb');
    assert.ok(notebook.isUntitled);
    const code = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code).map((c) => c.document.getText()).join('\n');
    for (const part of ["from 'ibnb'", 'new IBSequential', 'attachEvaluator', 'fitGenerator']) assert.ok(code.includes(part), part);
  });

  it('IB: Attach Evaluator… says what to run first when no kernel runs', async () => {
    const prompter = new ScriptedPrompter();
    api.setPrompter!(prompter);
    await vscode.commands.executeCommand('ibnb.attachEvaluator');
    assert.match(prompter.messages.map((m) => m.text).join('\n'), /No kernel is running for this notebook\. Run the cells that create your model first/);
  });

  it('IB: Open Example… opens a copy of a bundled example', async () => {
    const prompter = new ScriptedPrompter({ pick: (_title, items) => items[0]?.value });
    api.setPrompter!(prompter);
    const notebook = (await vscode.commands.executeCommand('ibnb.openExample')) as vscode.NotebookDocument | undefined;
    if (!notebook) {
      assert.match(prompter.messages.map((m) => m.text).join('\n'), /ships no examples/);
      return;
    }
    assert.ok(notebook.isUntitled, 'a copy, not the example itself');
    assert.ok(notebook.cellCount > 0);
  });

  describe('with a running kernel', () => {
    let editor: vscode.NotebookEditor;

    before(async () => {
      editor = await openNotebook(copyFixture('small.ibnb', 'commands.ibnb'));
      await vscode.commands.executeCommand('notebook.execute');
      await waitFor('the fixture to run', () => [1, 2, 3].every((i) => editor.notebook.cellAt(i).executionSummary?.success === true));
    });

    it('IB: Attach Evaluator… asks the kernel for models, inserts the code below the active cell and runs it', async () => {
      const notebook = editor.notebook;
      editor.selections = [new vscode.NotebookRange(2, 3)];
      const prompter = new ScriptedPrompter({
        pick: (title, items) => {
          if (title.includes('estimator')) return items.find((i) => i.value === 'hsic-gaussian')?.value;
          if (title.includes('normalization')) return 'biased';
          return items[0]?.value;
        },
        input: (title) => (title.includes('σ') ? '5' : undefined),
      });
      api.setPrompter!(prompter);
      const count = notebook.cellCount;
      const cell = (await vscode.commands.executeCommand('ibnb.attachEvaluator')) as vscode.NotebookCell | undefined;
      assert.ok(cell, `a cell was inserted (messages: ${JSON.stringify(prompter.messages)})`);
      assert.equal(notebook.cellCount, count + 1);
      assert.equal(cell.index, 3, 'below the active cell');
      assert.match(cell.document.getText(), /model\.attachEvaluator\(new HSIC\(\{ kernel: 'gaussian', sigma: 5, normalization: 'biased' \}\)\);/);
      await waitFor('the inserted cell to succeed', () => cell.executionSummary?.success === true, 30_000);
      // The fixture has one model, so no model was asked for: estimator, σ, normalization.
      assert.deepEqual(prompter.asked.length, 3);
      const check = await insertCodeCells(notebook, ['console.log(`evaluators: ${model.attachedEvaluators.length}`);']);
      await runCells(editor, [check]);
      assert.match(outputText(notebook.cellAt(check)), /evaluators: 2/);
    });

    it('IB: Detach Evaluator… lists the attached evaluators and removes the chosen one in a cell', async () => {
      const prompter = new ScriptedPrompter({ pick: (_title, items) => items[1]?.value });
      api.setPrompter!(prompter);
      const cell = (await vscode.commands.executeCommand('ibnb.detachEvaluator')) as vscode.NotebookCell | undefined;
      assert.ok(cell, JSON.stringify(prompter.messages));
      assert.match(cell.document.getText(), /model\.detachEvaluator\(1\);/);
      await waitFor('the inserted cell to succeed', () => cell.executionSummary?.success === true, 30_000);
    });

    it('IB: Export Dynamics… writes the model\'s dynamics as CSV to the chosen file', async () => {
      const target = vscode.Uri.file(join(workspaceDir(), 'dynamics.csv'));
      const prompter = new ScriptedPrompter({ pick: () => 'csv', saveFile: target });
      api.setPrompter!(prompter);
      const written = (await vscode.commands.executeCommand('ibnb.exportDynamics')) as vscode.Uri | undefined;
      assert.equal(written?.fsPath, target.fsPath, JSON.stringify(prompter.messages));
      const csv = readFileSync(target.fsPath, 'utf8').trim().split('\n');
      assert.equal(csv[0], 'epoch,batch,evaluator,layer,layerName,x,y');
      assert.ok(csv.length > 1);
    });

    it('IB: Compare Runs… inserts a compareRuns cell for the picked run files and draws their mean ± 1 sd', async () => {
      const notebook = editor.notebook;
      const dir = join(workspaceDir(), 'ibnb-runs');
      const files = [1, 2].map((seed) => join(dir, `seed-${seed}.jsonl`));
      // Two seeds of one configuration, each saving its run file as it trains.
      const train = await insertCodeCells(notebook, [
        [
          `for (const [seed, file] of ${JSON.stringify(files)}.entries()) {`,
          '  const m = new IBSequential({ inputShape: [6], trackDynamics: true, saveDynamics: file });',
          "  m.add(new Dense(5, { activation: 'relu' }));",
          "  m.add(new Dense(3, { activation: 'softmax' }));",
          "  m.compile({ optimizer: 'adam', loss: 'cross_entropy' });",
          "  m.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 'median' }));",
          '  await m.fit(x, labels, { batchSize: 16, epochs: 2 });',
          '}',
        ].join('\n'),
      ]);
      await runCells(editor, [train]);
      assert.equal(notebook.cellAt(train).executionSummary?.success, true, outputText(notebook.cellAt(train)));
      editor.selections = [new vscode.NotebookRange(train, train + 1)];
      const prompter = new ScriptedPrompter({ openFiles: files.map((f) => vscode.Uri.file(f)), pick: () => 'mean-sd' });
      api.setPrompter!(prompter);
      const cell = (await vscode.commands.executeCommand('ibnb.compareRuns')) as vscode.NotebookCell | undefined;
      assert.ok(cell, `a cell was inserted (messages: ${JSON.stringify(prompter.messages)})`);
      assert.equal(cell.index, train + 1, 'below the active cell');
      const text = cell.document.getText();
      assert.match(text, /compareRuns\(/);
      assert.match(text, /"ibnb-runs\/seed-1\.jsonl"/, 'paths relative to the notebook');
      assert.match(text, /aggregate: 'mean-sd'/);
      await waitFor('the compare cell to succeed', () => cell.executionSummary?.success === true, 60_000);
      const payload = outputJson(cell, 'application/vnd.ibnb.compare+json') as { aggregate: string; runs: { label: string }[] } | undefined;
      assert.ok(payload, `a comparison output: ${outputText(cell)}`);
      assert.equal(payload.aggregate, 'mean-sd');
      assert.deepEqual(payload.runs.map((r) => r.label), ['seed-1', 'seed-2']);
    });

    it('IB: Select Compute Backend… stores the setting and offers a restart', async () => {
      const prompter = new ScriptedPrompter({ pick: () => 'cpu', confirm: false });
      api.setPrompter!(prompter);
      const pid = api.kernelPid(editor.notebook);
      try {
        assert.equal(await vscode.commands.executeCommand('ibnb.selectBackend'), 'cpu');
        assert.equal(vscode.workspace.getConfiguration('ibnb').get('backend'), 'cpu');
        assert.ok(prompter.asked.some((q) => /Restart/.test(q)));
        assert.equal(api.kernelPid(editor.notebook), pid, 'declined: the kernel keeps running');
      } finally {
        await vscode.workspace.getConfiguration('ibnb').update('backend', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('IB: Interrupt Kernel (the status bar) asks, then stops the running cell', async () => {
      const notebook = editor.notebook;
      const slow = await insertCodeCells(notebook, ['await new Promise((r) => setTimeout(r, 120_000));']);
      void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: slow, end: slow + 1 }], document: notebook.uri });
      await waitFor('the cell to run', () => api.kernelBusy(notebook));
      assert.match(api.statusBarText() ?? '', /running|epoch/);
      const prompter = new ScriptedPrompter({ confirm: true });
      api.setPrompter!(prompter);
      assert.equal(await vscode.commands.executeCommand('ibnb.interruptKernel'), true);
      await waitFor('the cell to stop', () => !api.kernelBusy(notebook), 30_000);
      assert.match(prompter.asked.join('\n'), /Interrupt the running cell\?/);
    });
  });
});
