/**
 * What IB: Mark Cell as Parameters changes, without VS Code: VS Code's
 * notebook UI has no cell-tag editor (the Jupyter extension's tag commands
 * only act on .ipynb notebooks), so this command sets papermill's
 * `parameters` tag in the cell's metadata, where `ibnb run -p` looks. Only
 * the first tagged cell counts for a run, so the tag moves: it is taken off
 * any other cell.
 */
import { hasTag, PARAMETERS_TAG, withoutTag, withTag } from '../format/tags';

export interface TaggableCell {
  kind: 'code' | 'markup';
  metadata?: Record<string, unknown>;
}

export interface MetadataEdit {
  index: number;
  metadata: Record<string, unknown>;
}

export type ParametersTagPlan = { kind: 'edit'; edits: MetadataEdit[]; movedFrom: number[] } | { kind: 'message'; text: string };

export function planParametersTag(cells: readonly TaggableCell[], selected: number | undefined): ParametersTagPlan {
  if (selected === undefined || !cells[selected]) return { kind: 'message', text: 'Select the code cell that sets the parameters\u2019 default values, then run IB: Mark Cell as Parameters again.' };
  const cell = cells[selected];
  if (cell.kind !== 'code') return { kind: 'message', text: 'The parameters cell must be a code cell: select the code cell that sets the default values (e.g. const seed = 0;).' };
  const others = cells.flatMap((c, i) => (i !== selected && hasTag(c, PARAMETERS_TAG) ? [i] : []));
  if (hasTag(cell, PARAMETERS_TAG) && others.length === 0) {
    return { kind: 'message', text: `Cell ${selected + 1} is already the parameters cell: \`ibnb run -p name=value\` puts its values right after it.` };
  }
  const edits: MetadataEdit[] = others.map((index) => ({ index, metadata: withoutTag(cells[index].metadata, PARAMETERS_TAG) }));
  if (!hasTag(cell, PARAMETERS_TAG)) edits.push({ index: selected, metadata: withTag(cell.metadata, PARAMETERS_TAG) });
  return { kind: 'edit', edits, movedFrom: others };
}
