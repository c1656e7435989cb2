/**
 * A chart's text alternative: the title and a few sentences a screen reader
 * reads in place of the canvas (which carries no text of its own), saying
 * what is plotted and where each layer ended up.
 */
import type { DynamicsPayload } from '../contract/dynamicsPayload';
import { epochHasBaseline } from './baseline';
import { describeEvaluator } from './caption';

export interface TextAlternative {
  /** The chart's name, for aria-label. */
  title: string;
  /** What it shows, for aria-describedby. */
  summary: string;
}

const STATUS: Record<DynamicsPayload['status'], string> = {
  running: 'still training',
  done: 'finished',
  interrupted: 'interrupted',
  failed: 'stopped by an error',
};

function number(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toPrecision(3) : 'not measured';
}

export function dynamicsTextAlternative(payload: DynamicsPayload): TextAlternative {
  const last = payload.epochs[payload.epochs.length - 1];
  const title = `Training dynamics: information plane of ${payload.layers.length} layer${payload.layers.length === 1 ? '' : 's'}, run ${payload.runId}`;
  if (!last) return { title, summary: `No epoch has finished yet; the run is ${STATUS[payload.status]}.` };
  const sentences = [
    `${payload.epochs.length} epoch${payload.epochs.length === 1 ? '' : 's'} on the ${payload.backend} backend, ${STATUS[payload.status]}.`,
    ...payload.evaluators.map((evaluator, e) => {
      const layers = payload.layers.map((layer, l) => {
        const [x, y] = last.mean[e]?.[l] ?? [NaN, NaN];
        return `${layer} ${number(x)}, ${number(y)}`;
      });
      return `${describeEvaluator(evaluator)}: at epoch ${last.epoch}, ${evaluator.xLabel} and ${evaluator.yLabel} per layer: ${layers.join('; ')}.`;
    }),
    ...baselineSentences(payload),
    `Training loss ${number(last.loss)}, accuracy ${number(last.accuracy)}${last.valLoss !== undefined ? `; validation loss ${number(last.valLoss)}, accuracy ${number(last.valAccuracy)}` : ''}.`,
  ];
  return { title, summary: sentences.join(' ') };
}

/** The floor each evaluator's baseline sets (at the last epoch that has one), so "independent" has a number in the text too. */
function baselineSentences(payload: DynamicsPayload): string[] {
  const withBaseline = [...payload.epochs].reverse().find(epochHasBaseline);
  if (!withBaseline?.baseline) return [];
  return withBaseline.baseline.flatMap((layers, e) => {
    const evaluator = payload.evaluators[e];
    if (!evaluator || !layers?.some((pair) => pair != null)) return [];
    const values = payload.layers.map((layer, l) => `${layer} ${number(layers[l]?.[0])}, ${number(layers[l]?.[1])}`);
    return [`${evaluator.name} permutation baseline (the layer's rows shuffled: the level of independence) at epoch ${withBaseline.epoch}, ${evaluator.xLabel} and ${evaluator.yLabel} per layer: ${values.join('; ')}.`];
  });
}
