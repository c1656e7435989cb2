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
