/** How "IB: Open Example…" names an example: the first heading of its first markdown cell, else its file name. */
import { parseNotebook } from '../format/index';

export function exampleTitle(text: string, fileName: string): string {
  const fallback = fileName.replace(/\.ibnb$/, '').replace(/[-_]+/g, ' ');
  try {
    const notebook = parseNotebook(text, fileName);
    const markdown = notebook.cells.find((cell) => cell.kind === 'markdown');
    const heading = markdown?.source.split('\n').find((line) => /^#{1,6}\s+\S/.test(line));
    return heading ? heading.replace(/^#{1,6}\s+/, '').trim() : fallback;
  } catch {
    return fallback;
  }
}
