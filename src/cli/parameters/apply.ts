/** `ibnb run -p`: inject the values, and warn (as papermill does) about names the parameters cell does not declare. */
import type { Notebook } from '../../format/index';
import type { TerminalView } from '../terminalView';
import { declaredNames, undeclared } from './declared';
import { injectParameters, MissingParametersCellError } from './inject';
import type { Parameter } from './parse';

/** False when the notebook cannot take parameters (the reason has been shown). */
export async function applyParameters(notebook: Notebook, parameters: Parameter[], fileName: string, view: TerminalView): Promise<boolean> {
  let injection;
  try {
    injection = injectParameters(notebook, parameters, fileName);
  } catch (error) {
    if (!(error instanceof MissingParametersCellError)) throw error;
    view.error(error.message);
    return false;
  }
  const declared = await declaredNames(notebook.cells[injection.parametersIndex].source);
  const unknown = declared ? undeclared(parameters, declared) : [];
  if (unknown.length > 0) {
    const cell = `cell ${injection.parametersIndex + 1}`;
    const has = declared && declared.length > 0 ? `it declares ${declared.join(', ')}` : 'it declares nothing';
    view.error(`Warning: the parameters cell (${cell}) does not declare ${unknown.join(', ')} (${has}); injected anyway. Check the spelling, or declare a default there.`);
  }
  const names = parameters.map((p) => `${p.name} = ${JSON.stringify(p.value)}`).join(', ');
  view.info(`Parameters: ${names} (cell ${injection.injectedIndex + 1}, after the parameters cell${injection.replaced ? ', replacing the one injected before' : ''})`);
  return true;
}
