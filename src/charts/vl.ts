/**
 * Vega-Lite types for the builders, derived from the package's public
 * `TopLevelSpec` (its finer types live under an unstable export path).
 */
import type { Config, TopLevelSpec } from 'vega-lite';

export type { Config, TopLevelSpec };

type VConcatTop = Extract<TopLevelSpec, { vconcat: unknown }>;

/** Any view that can sit in a concatenation: unit, layer, facet, concat. */
export type ViewSpec = VConcatTop['vconcat'][number];

/** A top-level parameter: a variable (optionally bound to an input) or a selection. */
export type TopLevelParameter = NonNullable<VConcatTop['params']>[number];

/** A parameter inside a unit view (a selection such as zoom). */
export type UnitParameter = NonNullable<Extract<ViewSpec, { mark: unknown }>['params']>[number];

/** A data transform. */
export type Transform = NonNullable<ViewSpec['transform']>[number];

/** The layers of a layer view. */
export type LayerMember = Extract<ViewSpec, { layer: unknown }>['layer'][number];

/** A unit view (one mark). */
export type UnitSpec = Extract<ViewSpec, { mark: unknown }>;

/** The inner spec of a facet view. */
export type FacetInner = Extract<ViewSpec, { facet: unknown }>['spec'];

/** A tooltip as a list of fields. */
export type TooltipFields = Extract<NonNullable<NonNullable<UnitSpec['encoding']>['tooltip']>, unknown[]>;
