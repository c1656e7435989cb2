/**
 * IB: Attach Evaluator… and IB: Detach Evaluator…: quick picks of a model in
 * the running kernel, an estimator and its parameters; the result is a code
 * cell inserted below the active cell and run, so the notebook stays
 * reproducible. Both also take their answers as an argument (scripts, tests).
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import {
  attachEvaluatorCell,
  DEFAULTS,
  detachEvaluatorCell,
  ESTIMATOR_CHOICES,
  NORMALIZATION_CHOICES,
  parseBins,
  parseNoiseVariance,
  parseSigma,
  validateBins,
  validateNoiseVariance,
  validateSigma,
  type EstimatorKind,
  type EvaluatorSpec,
  type HsicNormalization,
} from '../evaluatorCode';
import type { Prompter } from '../prompter';
import { errorText, insertAndRunCell, modelCommandTarget, type CommandDeps } from './common';

/** Answers given up front instead of through quick picks. */
export interface AttachArgs {
  model?: string;
  spec?: EvaluatorSpec;
}

export function registerEvaluatorCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.attachEvaluator, (args?: AttachArgs) => attachEvaluator(deps, args)),
    vscode.commands.registerCommand(COMMANDS.detachEvaluator, (args?: { model?: string; index?: number }) => detachEvaluator(deps, args)),
  ];
}

/** Returns the inserted cell (undefined when cancelled or impossible). */
async function attachEvaluator(deps: CommandDeps, args: AttachArgs = {}): Promise<vscode.NotebookCell | undefined> {
  const prompter = deps.prompter();
  try {
    const target = await modelCommandTarget(deps, 'attach an evaluator', args.model);
    if (!target) return undefined;
    const { editor, model } = target;
    const spec = args.spec ?? (await askSpec(prompter));
    if (!spec) return undefined;
    return await insertAndRunCell(deps, editor, attachEvaluatorCell(model, spec));
  } catch (error) {
    await prompter.message('error', `Could not attach an evaluator: ${errorText(error)}`);
    return undefined;
  }
}

async function askSpec(prompter: Prompter): Promise<EvaluatorSpec | undefined> {
  const kind = await prompter.pick<EstimatorKind>(
    'Attach Evaluator: estimator',
    ESTIMATOR_CHOICES.map((c) => ({ label: c.label, detail: c.detail, value: c.kind })),
    'How to measure each layer against the input X and the labels Y',
  );
  switch (kind) {
    case undefined:
      return undefined;
    case 'hsic-gaussian': {
      const sigma = await askSigma(prompter);
      if (sigma === undefined) return undefined;
      const normalization = await askNormalization(prompter);
      return normalization && { kind, sigma, normalization };
    }
    case 'hsic-linear': {
      const normalization = await askNormalization(prompter);
      return normalization && { kind, normalization };
    }
    case 'cka': {
      const sigma = await askSigma(prompter);
      return sigma === undefined ? undefined : { kind, sigma };
    }
    case 'binning': {
      const text = await prompter.input({ title: 'Attach Evaluator: bins', prompt: 'Equal-width bins per activation (2–4096)', value: String(DEFAULTS.bins), validate: validateBins });
      const bins = text === undefined ? undefined : parseBins(text);
      return bins === undefined ? undefined : { kind, bins };
    }
    case 'kde': {
      const text = await prompter.input({ title: 'Attach Evaluator: noise variance', prompt: 'Variance σ² of the Gaussian noise added to the activations', value: String(DEFAULTS.noiseVariance), validate: validateNoiseVariance });
      const noiseVariance = text === undefined ? undefined : parseNoiseVariance(text);
      return noiseVariance === undefined ? undefined : { kind, noiseVariance };
    }
  }
}

async function askSigma(prompter: Prompter): Promise<number | 'median' | undefined> {
  const text = await prompter.input({
    title: 'Attach Evaluator: σ',
    prompt: 'Gaussian bandwidth σ: a positive number (the reference notebook uses 5), or "median" for each batch\'s median pairwise distance',
    value: DEFAULTS.sigma,
    validate: validateSigma,
  });
  return text === undefined ? undefined : parseSigma(text);
}

async function askNormalization(prompter: Prompter): Promise<HsicNormalization | undefined> {
  return prompter.pick<HsicNormalization>(
    'Attach Evaluator: normalization',
    NORMALIZATION_CHOICES.map((n) => ({ label: n.label, detail: n.detail, value: n.value })),
  );
}

async function detachEvaluator(deps: CommandDeps, args: { model?: string; index?: number } = {}): Promise<vscode.NotebookCell | undefined> {
  const prompter = deps.prompter();
  try {
    const target = await modelCommandTarget(deps, 'detach an evaluator', args.model);
    if (!target) return undefined;
    const { editor, session, model } = target;
    // Asked of the kernel directly: answered even while a cell trains.
    const evaluators = await session.listEvaluators(model);
    if (evaluators.length === 0) {
      await prompter.message('info', `${model} has no evaluators attached.`);
      return undefined;
    }
    const index =
      args.index ??
      (await prompter.pick<number>(
        `Detach Evaluator from ${model}`,
        evaluators.map((e) => ({ label: e.description, description: `#${e.index}`, value: e.index })),
      ));
    if (index === undefined) return undefined;
    if (!Number.isInteger(index) || index < 0 || index >= evaluators.length) throw new Error(`${model} has no evaluator #${index}.`);
    // A cell, not a hidden call: the notebook records the detach, and replays it on Run All.
    return await insertAndRunCell(deps, editor, detachEvaluatorCell(model, index, evaluators[index].description));
  } catch (error) {
    await prompter.message('error', `Could not detach an evaluator: ${errorText(error)}`);
    return undefined;
  }
}
