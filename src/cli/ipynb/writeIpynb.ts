/**
 * Converts, checks against the nbformat schema, and writes atomically: a
 * reader sees the old file or the whole new one, and never a file Jupyter
 * would refuse (that would be a bug here, reported as one).
 */
import { writeFileAtomic, type Notebook } from '../../format/index';
import { samePath } from '../targets';
import { comparePictures, dynamicsPictures } from './chartSvg';
import { toIpynb, type DrawCharts } from './convert';
import { ipynbSchemaErrors } from './validate';

/** The .ipynb would replace the notebook it comes from; the message says what to pass instead. */
export class ExportTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export async function writeIpynb(notebook: Notebook, target: string, source: string, draw: DrawCharts = dynamicsPictures): Promise<void> {
  if (samePath(target, source)) {
    throw new ExportTargetError(`Refusing to write ${target}: it is the notebook being exported. Give another file with --out (or --ipynb), e.g. ${source.replace(/\.[^./\\]*$/, '')}.ipynb.`);
  }
  const ipynb = await toIpynb(notebook, draw, comparePictures);
  const problems = ipynbSchemaErrors(ipynb);
  if (problems.length > 0) {
    throw new Error(`The .ipynb made from ${source} does not match the nbformat 4.5 schema (a bug in ibnb; nothing was written): ${problems.slice(0, 5).join('; ')}`);
  }
  await writeFileAtomic(target, `${JSON.stringify(ipynb, null, 1)}\n`);
}
