/**
 * The layer × layer linear CKA heatmap of one epoch (the latest the scrubber
 * reaches), linked to the information plane by hover: a layer hovered in the
 * plane lights its row and column here, a cell hovered here lights its two
 * layers in the plane.
 */
import type { DynamicsPayload } from '../contract/dynamicsPayload';
import { PARAM } from './controls';
import { DATASET, NO_PARSE, type SimilarityRow } from './fields';
import type { LayerMember, UnitParameter, ViewSpec } from './vl';

/** The plane's hover selection (on its mean points) and the heatmap's (on its cells). */
export const HOVER = { layer: 'ibnb_hover_layer', cell: 'ibnb_hover_cell' } as const;

/** Opacity of what the hover does not point at. */
export const FADED = 0.25;

const CELL_PX = 44;

/** Whether any epoch carries a CKA map: older payloads have none and draw no heatmap. */
export function hasSimilarity(payload: DynamicsPayload): boolean {
  return payload.epochs.some((e) => e.cka !== undefined);
}

/** One row per (epoch, layer, other layer) of every epoch with a CKA map. */
export function similarityRows(payload: DynamicsPayload): SimilarityRow[] {
  const rows: SimilarityRow[] = [];
  for (const e of payload.epochs) {
    e.cka?.forEach((row, i) =>
      row.forEach((value, j) => rows.push({ epoch: e.epoch, layerIndex: i, layer: payload.layers[i], otherIndex: j, other: payload.layers[j], value })),
    );
  }
  return rows;
}

/** A point selection of the fields under the pointer, cleared when it leaves. */
export function hoverParam(name: string, fields: string[]): UnitParameter {
  return { name, select: { type: 'point', on: 'pointerover', clear: 'pointerout', fields } } as UnitParameter;
}

/**
 * Vega expressions on the hover stores. The store holds one entry per hovered
 * tuple with `values` in the order of the selection's fields; read directly
 * (not vlSelectionTest) because the plane must match a cell's layer OR its
 * other layer, and vlSelectionTest matches all fields at once.
 */
const store = (name: string) => `data('${name}_store')`;
const idle = (name: string) => `length(${store(name)}) == 0`;

/** In the heatmap: the cell is in the row or column of the layer hovered in the plane. */
export const CELL_LIT = `${idle(HOVER.layer)} || ${store(HOVER.layer)}[0].values[0] == datum.layerIndex || ${store(HOVER.layer)}[0].values[0] == datum.otherIndex`;

/** In the plane: the point's layer is one of the hovered cell's two layers. */
export const LAYER_LIT = `${idle(HOVER.cell)} || indexof(${store(HOVER.cell)}[0].values, datum.layerIndex) >= 0`;

/** The heatmap shows the latest epoch the scrubber reaches (epoch e's mean sits at step e), the last one without scrubbing. */
function shownEpoch() {
  return [
    { filter: `${PARAM.upTo} == null || datum.epoch <= ${PARAM.upTo} + 1e-9` },
    { joinaggregate: [{ op: 'max', field: 'epoch', as: 'shownEpoch' }] },
    { filter: 'datum.epoch == datum.shownEpoch' },
  ];
}

export function similaritySpec(payload: DynamicsPayload): ViewSpec {
  const sort = payload.layers.map((_, i) => i);
  const x = { field: 'otherIndex', type: 'ordinal', title: null, sort, axis: { labelExpr: `${JSON.stringify(payload.layers)}[datum.value]`, labelAngle: -40 } } as const;
  const y = { field: 'layerIndex', type: 'ordinal', title: null, sort, axis: { labelExpr: `${JSON.stringify(payload.layers)}[datum.value]` } } as const;
  const opacity = { condition: { test: CELL_LIT, value: 1 }, value: FADED };
  const tooltip = [
    { field: 'layer', title: 'layer' },
    { field: 'other', title: 'other layer' },
    { field: 'epoch', title: 'epoch' },
    { field: 'value', title: 'CKA', format: '.3f' },
  ];
  const layer: LayerMember[] = [
    {
      params: [hoverParam(HOVER.cell, ['layerIndex', 'otherIndex'])],
      mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
      encoding: {
        x,
        y,
        // A constant layer's null CKA is a grey cell, not the colour of 0 (unrelated).
        color: { condition: { test: 'datum.value == null', value: '#c8c8c8' }, field: 'value', type: 'quantitative', title: 'CKA', scale: { domain: [0, 1], scheme: 'viridis' }, legend: { gradientLength: 120 } },
        opacity,
        tooltip,
      },
    },
    {
      mark: { type: 'text', fontSize: 10 },
      encoding: {
        x,
        y,
        text: { condition: { test: 'datum.value == null', value: '—' }, field: 'value', type: 'quantitative', format: '.2f' },
        // Light text on the dark end of viridis, dark on the light end.
        color: { condition: { test: 'datum.value != null && datum.value > 0.6', value: 'black' }, value: 'white' },
        opacity,
        tooltip,
      },
    },
    {
      // The title as a mark: it names the epoch shown, which moves with the scrubber and with live data.
      transform: [{ aggregate: [{ op: 'max', field: 'epoch', as: 'epoch' }] }, { calculate: "'Layer × layer CKA (linear) · probe batch · epoch ' + datum.epoch", as: 'title' }],
      mark: { type: 'text', align: 'left', baseline: 'bottom', x: 0, y: -10, fontSize: 13, fontWeight: 'bold' },
      encoding: { text: { field: 'title', type: 'nominal' } },
    },
  ];
  return {
    data: { name: DATASET.similarity, format: NO_PARSE },
    transform: shownEpoch(),
    width: { step: CELL_PX },
    height: { step: CELL_PX },
    layer,
  } as ViewSpec;
}
