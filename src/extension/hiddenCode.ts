/**
 * Code the extension runs in the kernel without a notebook cell, to read a
 * value back (a model's evaluators, its dynamics as CSV or JSON). The kernel
 * protocol has no "evaluate and return" request, so the code writes the value
 * to stdout between markers and the extension cuts it out of the cell's stream.
 * A dedicated protocol request would be cleaner (no markers, no execution
 * count used up by hidden runs).
 */
import { requireIdentifier } from './evaluatorCode';

export const RESULT_BEGIN = '\u0002ibnb-result\u0002';
export const RESULT_END = '\u0003ibnb-result\u0003';

export type DynamicsFormat = 'csv' | 'json';

/**
 * Wraps code that sets `__ibnbResult` so the string is written between the
 * markers. An arrow function keeps every name local; the locals' odd names
 * cannot shadow the user's variable the code reads (`const model = model`
 * would not even run).
 */
function emitting(body: string): string {
  return `(() => {\n${body}\n  process.stdout.write(${JSON.stringify(RESULT_BEGIN)} + __ibnbResult + ${JSON.stringify(RESULT_END)});\n})();\n`;
}

/** Writes a JSON array of the descriptions of the model's attached evaluators, in order. */
export function listEvaluatorsCode(modelName: string): string {
  requireIdentifier(modelName);
  return emitting(
    [
      `  const __ibnbModel = ${modelName};`,
      '  const __ibnbEvaluators = __ibnbModel && Array.isArray(__ibnbModel.attachedEvaluators) ? __ibnbModel.attachedEvaluators : [];',
      "  const __ibnbResult = JSON.stringify(__ibnbEvaluators.map((e) => (typeof e.describe === 'function' ? e.describe() : String(e.name))));",
    ].join('\n'),
  );
}

/** Writes the model's latest dynamics as CSV or JSON; throws a clear error when it has none. */
export function exportDynamicsCode(modelName: string, format: DynamicsFormat): string {
  requireIdentifier(modelName);
  const message = `${modelName} has no dynamics yet: attach an evaluator (IB: Attach Evaluator…) and train it first.`;
  return emitting(
    [
      `  const __ibnbDynamics = ${modelName} && ${modelName}.evaluatedDynamics;`,
      `  if (!__ibnbDynamics) throw new Error(${JSON.stringify(message)});`,
      `  const __ibnbResult = ${format === 'csv' ? '__ibnbDynamics.toCSV()' : 'JSON.stringify(__ibnbDynamics.toJSON(), null, 2)'};`,
    ].join('\n'),
  );
}

/** The value between the markers in a hidden run's stdout, or undefined when the code did not get that far. */
export function extractResult(stdout: string): string | undefined {
  const begin = stdout.indexOf(RESULT_BEGIN);
  if (begin < 0) return undefined;
  const end = stdout.indexOf(RESULT_END, begin + RESULT_BEGIN.length);
  return end < 0 ? undefined : stdout.slice(begin + RESULT_BEGIN.length, end);
}

/** The evaluator descriptions from listEvaluatorsCode's result. */
export function parseEvaluatorList(result: string): string[] {
  const value: unknown = JSON.parse(result);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error('The kernel answered the evaluator list with something other than a list of names.');
  return value;
}
