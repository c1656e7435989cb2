/**
 * Training and validation loss and accuracy against the epoch, under the
 * plane: a facet over the metric (its cell size is a top-level signal the
 * renderer can resize), each with its own y scale.
 */
import { DATASET, NO_PARSE, VIEW, type MetricName, type Split } from './fields';
import type { PanelSize } from './sizes';
import type { TooltipFields, ViewSpec } from './vl';

const SPLITS: Split[] = ['training', 'validation'];
const METRICS: MetricName[] = ['loss', 'accuracy'];

export function metricsSpec(size: PanelSize): ViewSpec {
  const x = { field: 'epoch', type: 'quantitative', axis: { title: 'epoch', tickMinStep: 1 } } as const;
  const y = { field: 'value', type: 'quantitative', title: null, scale: { zero: false } } as const;
  const color = { field: 'split', type: 'nominal', title: null, scale: { domain: SPLITS } } as const;
  const tooltip: TooltipFields = [
    { field: 'split', type: 'nominal', title: 'split' },
    { field: 'epoch', type: 'quantitative', title: 'epoch' },
    { field: 'metric', type: 'nominal', title: 'metric' },
    { field: 'value', type: 'quantitative', title: 'value', format: '.4~g' },
  ];
  return {
    name: VIEW.metrics,
    data: { name: DATASET.metrics, format: NO_PARSE },
    facet: { field: 'metric', type: 'nominal', title: null, sort: METRICS, header: { labelFontWeight: 'bold', labelAnchor: 'start' } },
    columns: 2,
    spec: {
      width: size.width,
      height: size.height,
      layer: [
        { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color, order: { field: 'epoch' } } },
        { mark: { type: 'point', filled: true, size: 36 }, encoding: { x, y, color, tooltip } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
}
