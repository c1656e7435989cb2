/**
 * Compiles Vega-Lite specs in tests with warnings collected, and runs the
 * compiled Vega headlessly. vega and vega-lite are ES modules with top-level
 * await, so they are imported dynamically (the tests are CommonJS).
 */
import { countMarks, UNDRAWN_MARK_PREFIX, type TopLevelSpec } from '../../src/charts/index';

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
  /** Where each drawn mean point of one epoch is (layer@x,y in pixels, sorted): the axes moved if these did. */
  positions(epoch: number): string[];
  data(name: string, values: unknown[]): Promise<void>;
  finalize(): void;
}

export async function runHeadless(compiled: Compiled['vega']): Promise<HeadlessView> {
  const vega = await import('vega');
  const view = new vega.View(vega.parse(compiled as never), { renderer: 'none' });
  await view.runAsync();
  type Node = { marktype?: string; role?: string; text?: unknown; name?: string; x?: number; y?: number; datum?: { kind?: string; epoch?: number; layer?: string }; items?: Node[] };
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
  const marks = () => countMarks(root());
  const positions = (epoch: number) => {
    const found: string[] = [];
    const visit = (node: Node) => {
      if (node.marktype === 'symbol' && node.role === 'mark' && !node.name?.startsWith(UNDRAWN_MARK_PREFIX)) {
        for (const item of node.items ?? []) if (item.datum?.kind === 'mean' && item.datum.epoch === epoch) found.push(`${item.datum.layer}@${item.x?.toFixed(2)},${item.y?.toFixed(2)}`);
      }
      node.items?.forEach(visit);
    };
    visit(root());
    return found.sort();
  };
  return {
    marks,
    titles,
    positions,
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

/** Every unit view (one with a mark) under a spec node, in drawing order. */
export function units(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(units);
  if (typeof node !== 'object' || node === null) return [];
  const n = node as Record<string, unknown>;
  if ('mark' in n) return [n];
  return ['vconcat', 'layer', 'spec'].flatMap((key) => units(n[key]));
}
