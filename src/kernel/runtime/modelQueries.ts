/**
 * The questions the editor asks about a model in the kernel (its attached
 * evaluators, its dynamics as CSV or JSON), answered from the live object
 * without running a cell: no execution number is used, and a cell that is
 * training does not hold them up (training yields between batches).
 */
import * as library from '../../lib/index';
import type { EvaluatorSummary } from '../../protocol/kernelProtocol';
import { KernelRequestError } from '../../protocol/requestError';

type Variables = Iterable<string>;

/** The IBSequential in variable `name`, or a KernelRequestError saying what to run or pick instead. */
export function findIBSequential(declared: Variables, name: unknown): library.IBSequential {
  if (typeof name !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(name)) {
    throw new KernelRequestError('badParams', `'${String(name)}' is not a variable name; pass the name of the variable that holds the model.`);
  }
  const names = [...declared];
  const value: unknown = names.includes(name) ? (globalThis as Record<string, unknown>)[name] : undefined;
  if (!(value instanceof library.Sequential)) {
    const models = names.filter((n) => (globalThis as Record<string, unknown>)[n] instanceof library.IBSequential);
    const choices = models.length > 0 ? `; the models in the kernel are ${models.join(', ')}` : '';
    throw new KernelRequestError('unknownModel', `No variable '${name}' holds a model in the kernel: run the cell that creates it (const ${name} = new IBSequential({ ... })) first${choices}.`);
  }
  if (!(value instanceof library.IBSequential)) {
    throw new KernelRequestError(
      'notIBSequential',
      `'${name}' is a ${value.constructor.name}, which tracks no dynamics: create it as new IBSequential({ inputShape, trackDynamics: true }) and re-run that cell.`,
    );
  }
  return value;
}

export function listEvaluators(declared: Variables, name: unknown): { evaluators: EvaluatorSummary[] } {
  const model = findIBSequential(declared, name);
  return { evaluators: model.attachedEvaluators.map((e, index) => ({ index, name: e.name, description: e.describe() })) };
}

export function exportDynamics(declared: Variables, name: unknown, format: unknown): { text: string; shape: number[] } {
  if (format !== 'csv' && format !== 'json') throw new KernelRequestError('badParams', `Unknown export format '${String(format)}': use 'csv' or 'json'.`);
  const model = findIBSequential(declared, name);
  const dynamics = model.evaluatedDynamics;
  if (!dynamics) {
    throw new KernelRequestError('noDynamics', `${String(name)} has no dynamics yet: attach an evaluator (IB: Attach Evaluator…) and train it first.`);
  }
  const text = format === 'csv' ? dynamics.toCSV() : JSON.stringify(dynamics.toJSON(), null, 2);
  return { text, shape: dynamics.shape };
}
