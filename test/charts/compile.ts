/**
 * Compiles Vega-Lite specs in tests with warnings collected, and runs the
 * compiled Vega headlessly. vega and vega-lite are ES modules with top-level
 * await, so they are imported dynamically (the tests are CommonJS).
 */
import type { TopLevelSpec } from '../../src/charts/index';

export interface Compiled {
  vega: Record<string, unknown> & { signals?: { name: string; value?: unknown }[]; data?: { name: string }[] };
  warnings: string[];
}

export async function compileWithWarnings(spec: TopLevelSpec): Promise<Compiled> {
  const { compile } = await import('vega-lite');
  const warnings: string[] = [];
  const record = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
    return logger;
  };
  const logger = { level: () => logger, error: record, warn: record, info: () => logger, debug: () => logger };
  const out = compile(spec, { logger: logger as never });
  return { vega: out.spec as Compiled['vega'], warnings };
}

/** Counts items of data-driven marks by type after running the view. */
export interface HeadlessView {
  marks(): Record<string, number>;
  /** Texts of the title marks (chart titles), as drawn. */
  titles(): unknown[];
  signal(name: string, value: unknown): Promise<void>;
  data(name: string, values: unknown[]): Promise<void>;
  finalize(): void;
}

export async function runHeadless(compiled: Compiled['vega']): Promise<HeadlessView> {
  const vega = await import('vega');
  const view = new vega.View(vega.parse(compiled as never), { renderer: 'none' });
  await view.runAsync();
  type Node = { marktype?: string; role?: string; text?: unknown; items?: Node[] };
  const root = () => (view.scenegraph() as unknown as { root: Node }).root;
  const titles = () => {
    const texts: unknown[] = [];
    const visit = (node: Node) => {
      if (node.role === 'title-text') node.items?.forEach((i) => texts.push(i.text));
      node.items?.forEach(visit);
    };
    visit(root());
    return texts;
  };
  const marks = () => {
    const counts: Record<string, number> = {};
    const visit = (node: Node) => {
      if (!Array.isArray(node.items)) return;
      if (node.marktype && node.marktype !== 'group' && node.role === 'mark') counts[node.marktype] = (counts[node.marktype] ?? 0) + node.items.length;
      node.items.forEach(visit);
    };
    visit(root());
    return counts;
  };
  return {
    marks,
    titles,
    async signal(name, value) {
      view.signal(name, value);
      await view.runAsync();
    },
    async data(name, values) {
      view.data(name, values);
      await view.runAsync();
    },
    finalize: () => view.finalize(),
  };
}
