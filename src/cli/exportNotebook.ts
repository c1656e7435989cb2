/** `ibnb export <notebook> --to ipynb`: the notebook's cells and saved outputs as a Jupyter notebook; nothing is run. */
import { resolve } from 'node:path';
import { NotebookError, readNotebookFile } from '../format/index';
import type { ExportArgs } from './args';
import { ExportTargetError, writeIpynb } from './ipynb/writeIpynb';
import { EXIT_OK, EXIT_USAGE } from './runNotebook';
import { unwritableReason } from './targets';
import type { TerminalView } from './terminalView';

export async function exportNotebook(args: ExportArgs, view: TerminalView): Promise<number> {
  const source = resolve(args.notebook);
  const target = resolve(args.out ?? `${source.replace(/\.ibnb$/i, '')}.${args.to}`);
  const problem = unwritableReason(target);
  if (problem) {
    view.error(problem);
    return EXIT_USAGE;
  }
  try {
    await writeIpynb(await readNotebookFile(source), target, source);
  } catch (error) {
    if (!(error instanceof NotebookError) && !(error instanceof ExportTargetError)) throw error;
    view.error(error.message);
    return EXIT_USAGE;
  }
  view.info(`Wrote ${target}`);
  return EXIT_OK;
}
