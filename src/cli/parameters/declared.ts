/**
 * Which parameters the parameters cell does not declare: papermill warns
 * about those ("Passed unknown parameter"), since a misspelt name would
 * otherwise change nothing silently. "Declared" is what the kernel's own
 * transpiler says the cell binds at top level, so it agrees with the run.
 */
import { CellSyntaxError, transpileCell } from '../../kernel/transpile/transpile';
import type { Parameter } from './parse';

/** The names the cell declares, or undefined when it does not compile (the run then reports that cell's error). */
export async function declaredNames(source: string): Promise<string[] | undefined> {
  try {
    return (await transpileCell(source, 'parameters cell')).declaredNames;
  } catch (error) {
    if (error instanceof CellSyntaxError) return undefined;
    throw error;
  }
}

export function undeclared(parameters: Parameter[], declared: string[]): string[] {
  return parameters.map((p) => p.name).filter((name) => !declared.includes(name));
}
