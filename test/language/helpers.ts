/** A notebook language service over the built declarations (dist/typings), for the tests. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NotebookLanguageService } from '../../src/language/service';

export const ROOT = join(__dirname, '..', '..');
export const TYPINGS = join(ROOT, 'dist', 'typings');

export function service(cells: string[], notebookPath = join(ROOT, 'test-artifacts', 'language', 'test.ibnb')): NotebookLanguageService {
  if (!existsSync(TYPINGS)) throw new Error(`${TYPINGS} is missing: run \`npm run build\` first (npm test does).`);
  const s = new NotebookLanguageService({ notebookPath, typingsRoot: TYPINGS });
  s.update(cells.map((source, i) => ({ source, label: `cell ${i + 1}` })));
  return s;
}

/** The offset just after the first occurrence of `marker` in `text` (`after: false`: at its start). */
export function at(text: string, marker: string, after = true): number {
  const index = text.indexOf(marker);
  if (index < 0) throw new Error(`'${marker}' is not in the cell: ${text}`);
  return after ? index + marker.length : index;
}
