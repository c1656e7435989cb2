/** Counts what a view has drawn, from its scenegraph (a canvas has no DOM marks to count). */
import { UNDRAWN_MARK_PREFIX } from './fields';

interface SceneNode {
  marktype?: string;
  role?: string;
  name?: string;
  items?: SceneNode[];
}

/**
 * Items of data-driven marks by mark type, e.g. { symbol: 340, line: 35 };
 * axes, legends and the invisible marks that only hold a scale's domain
 * (UNDRAWN_MARK_PREFIX) excluded.
 */
export function countMarks(root: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  const visit = (node: SceneNode | undefined) => {
    if (!node || !Array.isArray(node.items)) return;
    const drawn = !node.name?.startsWith(UNDRAWN_MARK_PREFIX);
    if (node.marktype && node.role === 'mark' && node.marktype !== 'group' && drawn) counts[node.marktype] = (counts[node.marktype] ?? 0) + node.items.length;
    for (const item of node.items) visit(item);
  };
  visit(root as SceneNode);
  return counts;
}

/** One plot of the plane (a small multiple, or the one overlaid panel) and where its points were drawn. */
export interface PlotPoints {
  /** The facet's value: the layer's name in the plane, '<layer> · <measure>' in the by-epoch panels. */
  panel: string | undefined;
  width: number;
  height: number;
  /** Drawn point items (symbols; the invisible domain keepers excluded). */
  points: number;
  /** Of those, the ones whose bounds reach past the plot's edge, where the plot's clip cuts them. */
  outside: { x: number; y: number }[];
  /** Pixels between the leftmost and rightmost point centres, and the top and bottom ones: how much of the plot the points use. */
  spanX: number;
  spanY: number;
}

/** The fields the dashboard's views facet by (plane.ts: layer; measures.ts: layerPanel or panel). */
const FACET_FIELDS = ['layer', 'layerPanel', 'panel'];

interface SceneItem {
  marktype?: string;
  name?: string;
  role?: string;
  items?: SceneItem[];
  width?: number;
  height?: number;
  /** A facet cell's datum: the facet field's value. */
  datum?: Record<string, unknown>;
  x?: number;
  y?: number;
  bounds?: { x1: number; x2: number; y1: number; y2: number };
}

/**
 * Every cell of one facet view (`cells`: its cell groups' name, e.g.
 * PLANE_CELLS) with its drawn points, in the cell's coordinates: what the
 * "nothing clipped" tests read, in Node (headless Vega) and in the browser
 * (the renderer's snapshot).
 */
export function plotPoints(root: unknown, cells: string): PlotPoints[] {
  const plots: PlotPoints[] = [];
  const extents = new Map<PlotPoints, { x0: number; x1: number; y0: number; y1: number }>();
  const walk = (item: SceneItem, plot: PlotPoints | undefined) => {
    if (item.marktype === 'symbol' && item.name?.startsWith(UNDRAWN_MARK_PREFIX)) return;
    if (item.marktype === 'symbol' && plot) {
      for (const p of item.items ?? []) {
        plot.points += 1;
        const e = extents.get(plot)!;
        const [x, y] = [p.x ?? NaN, p.y ?? NaN];
        e.x0 = Math.min(e.x0, x);
        e.x1 = Math.max(e.x1, x);
        e.y0 = Math.min(e.y0, y);
        e.y1 = Math.max(e.y1, y);
        const b = p.bounds;
        if (b && (b.x1 < 0 || b.y1 < 0 || b.x2 > plot.width || b.y2 > plot.height)) plot.outside.push({ x, y });
      }
      return;
    }
    for (const child of item.items ?? []) {
      if (item.marktype === 'group' && item.name === cells) {
        const facet = FACET_FIELDS.map((f) => child.datum?.[f]).find((v) => v !== undefined);
        const next: PlotPoints = { panel: facet === undefined ? undefined : String(facet), width: child.width ?? 0, height: child.height ?? 0, points: 0, outside: [], spanX: 0, spanY: 0 };
        const extent = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
        extents.set(next, extent);
        plots.push(next);
        walk(child, next);
        next.spanX = Math.max(0, extent.x1 - extent.x0);
        next.spanY = Math.max(0, extent.y1 - extent.y0);
      } else walk(child, plot);
    }
  };
  walk(root as SceneItem, undefined);
  return plots;
}
