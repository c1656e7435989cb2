/** Counts what a view has drawn, from its scenegraph (a canvas has no DOM marks to count). */

interface SceneNode {
  marktype?: string;
  role?: string;
  items?: SceneNode[];
}

/** Items of data-driven marks by mark type, e.g. { symbol: 340, line: 35 }; axes and legends excluded. */
export function countMarks(root: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  const visit = (node: SceneNode | undefined) => {
    if (!node || !Array.isArray(node.items)) return;
    if (node.marktype && node.role === 'mark' && node.marktype !== 'group') counts[node.marktype] = (counts[node.marktype] ?? 0) + node.items.length;
    for (const item of node.items) visit(item);
  };
  visit(root as SceneNode);
  return counts;
}
