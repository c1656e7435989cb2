/**
 * Puts a run's parameters into the notebook as papermill does: a code cell
 * tagged `injected-parameters` right after the first cell tagged
 * `parameters`, replacing the one an earlier run injected (so running a
 * notebook in place again does not pile them up). The cell stays in the
 * executed notebook and the report, so each says which values it ran with.
 */
import { cellTags, hasTag, INJECTED_PARAMETERS_TAG, PARAMETERS_TAG, type CodeCell, type Notebook } from '../../format/index';
import type { Parameter } from './parse';

/** The notebook has no code cell tagged `parameters`; the message says how to tag one. */
export class MissingParametersCellError extends Error {
  constructor(fileName: string, detail: string) {
    super(
      `${fileName}: ibnb run -p needs a code cell tagged "${PARAMETERS_TAG}" (papermill's convention) to put the values after, but ${detail}. ` +
        `Tag the cell that sets the defaults: in VS Code select it and run "IB: Mark Cell as Parameters"; in the file give that cell ` +
        `"metadata": { "tags": ["${PARAMETERS_TAG}"] }.`,
    );
    this.name = new.target.name;
  }
}

export interface Injection {
  /** Index of the cell tagged `parameters`. */
  parametersIndex: number;
  /** Index of the injected cell. */
  injectedIndex: number;
  /** An earlier run's injected cell was replaced. */
  replaced: boolean;
}

/** Changes `notebook` in place. Throws MissingParametersCellError. */
export function injectParameters(notebook: Notebook, parameters: Parameter[], fileName: string): Injection {
  const parametersIndex = notebook.cells.findIndex((cell) => cell.kind === 'code' && hasTag(cell, PARAMETERS_TAG));
  if (parametersIndex < 0) {
    const markdown = notebook.cells.findIndex((cell) => cell.kind === 'markdown' && hasTag(cell, PARAMETERS_TAG));
    throw new MissingParametersCellError(fileName, markdown >= 0 ? `the cell tagged so (cell ${markdown + 1}) is markdown` : 'no cell is tagged so');
  }
  const cell: CodeCell = { kind: 'code', language: 'typescript', source: parametersSource(parameters), metadata: { tags: [INJECTED_PARAMETERS_TAG] }, outputs: [] };
  const previous = notebook.cells.findIndex((c) => cellTags(c).includes(INJECTED_PARAMETERS_TAG));
  if (previous >= 0) {
    notebook.cells[previous] = cell;
    return { parametersIndex, injectedIndex: previous, replaced: true };
  }
  notebook.cells.splice(parametersIndex + 1, 0, cell);
  return { parametersIndex, injectedIndex: parametersIndex + 1, replaced: false };
}

/**
 * `const seed = 1;` per parameter. The kernel keeps top-level names on the
 * global object, so these re-bind the parameters cell's `const`s and `let`s
 * alike; JSON text is a valid expression for every JSON value.
 */
export function parametersSource(parameters: Parameter[]): string {
  const lines = parameters.map(({ name, value }) => `const ${name} = ${JSON.stringify(value)};`);
  return ['// Parameters injected by `ibnb run -p`: they override the cell tagged "parameters" above.', ...lines].join('\n');
}
