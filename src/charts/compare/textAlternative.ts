/**
 * A compare chart's text alternative, as the single-run chart has one
 * (../textAlternative.ts): its name, and where each series (a run, or a
 * group's mean ± 1 sd) ended in each layer, with its floor where drawn.
 */
import type { ComparePayload } from '../../contract/dynamicsPayload';
import { describeEvaluator } from '../caption';
import type { TextAlternative } from '../textAlternative';
import { floorRows } from './baseline';
import { bandPointRows, COMPARE_DATASET, lastPerSeries, runPointRows, type BandPointRow, type RunPointRow } from './rows';

const number = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : 'not measured');

type SeriesRow = RunPointRow | BandPointRow;

const seriesOf = (row: SeriesRow) => ('run' in row ? row.run : row.series);

/** The rows of one evaluator and layer (each series' last already, from lastPerSeries). */
const of = (rows: readonly SeriesRow[], evaluator: number, layerIndex: number) => rows.filter((r) => r.evaluator === evaluator && r.layerIndex === layerIndex);

/** 'seed 1 at epoch 6: 0.512, 0.634' or 'mean ± 1 sd over 3 runs at epoch 6: 0.512 ± 0.021, 0.634 ± 0.018'. */
function pointText(row: SeriesRow): string {
  const at = `${seriesOf(row)} at epoch ${row.epoch}`;
  return 'xSd' in row ? `${at}: ${number(row.x)} ± ${number(row.xSd)}, ${number(row.y)} ± ${number(row.ySd)}` : `${at}: ${number(row.x)}, ${number(row.y)}`;
}

export function compareTextAlternative(payload: ComparePayload): TextAlternative {
  const first = payload.runs[0]?.dynamics;
  const layers = first?.layers ?? [];
  const n = payload.runs.length;
  const title = `Comparison of ${n} run${n === 1 ? '' : 's'}: information plane of ${layers.length} layer${layers.length === 1 ? '' : 's'}`;
  if (!first) return { title, summary: 'No run to compare.' };
  const ends = lastPerSeries<SeriesRow>(payload.aggregate === 'mean-sd' ? bandPointRows(payload) : runPointRows(payload));
  // Each series' floor at its last epoch with one.
  const floors = floorRows(payload)[COMPARE_DATASET.points] as SeriesRow[];
  const how = payload.aggregate === 'mean-sd' ? 'Each configuration is the mean ± 1 sd over its runs.' : 'Each run is drawn in its own colour.';
  const sentences = [
    `${how} Runs: ${payload.runs.map((r) => r.label).join(', ')}.`,
    ...first.evaluators.flatMap((evaluator, e) => [
      `${describeEvaluator(evaluator)}, ${evaluator.xLabel} and ${evaluator.yLabel} where each series ended:`,
      ...layers.map((layer, l) => {
        const end = of(ends, e, l).map(pointText);
        const floor = of(floors, e, l).map(pointText);
        return `${layer}: ${end.join('; ') || 'not measured'}${floor.length ? ` (permutation baseline, the level of independence: ${floor.join('; ')})` : ''}.`;
      }),
    ]),
  ];
  return { title, summary: sentences.join(' ') };
}
