/**
 * All chart outputs of one webview (or one HTML report page): one ChartOutput
 * per output id, so a re-render of an id updates its view and never stacks a
 * second one.
 */
import type { ChartTheme } from '../src/charts/index';
import type { RendererKind } from './embedOptions';
import { ChartOutput, type OutputRequest, type OutputSnapshot } from './output';
import { ensureStyles } from './styles';
import { watchTheme } from './theme';

export interface ChartHostOptions {
  theme(): ChartTheme;
  renderer: RendererKind;
  /** Redraw outputs when VS Code switches theme. */
  watchTheme?: boolean;
}

export class ChartHost {
  private readonly outputs = new Map<string, ChartOutput>();
  private themeKey: string;
  private themeTimer?: ReturnType<typeof setTimeout>;
  private readonly stopWatching: () => void;

  constructor(private readonly options: ChartHostOptions) {
    this.themeKey = JSON.stringify(options.theme());
    this.stopWatching = options.watchTheme ? watchTheme(() => this.onThemeMaybeChanged()) : () => {};
  }

  render(element: HTMLElement, request: OutputRequest, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    ensureStyles(element);
    let output = this.outputs.get(request.id);
    if (!output) {
      output = new ChartOutput(request.id, { theme: () => this.options.theme(), renderer: this.options.renderer });
      this.outputs.set(request.id, output);
    }
    output.attach(element);
    return output.update(request);
  }

  /** Finalizes the view of `id`, or of every output when `id` is undefined. */
  dispose(id?: string): void {
    const ids = id === undefined ? [...this.outputs.keys()] : [id];
    for (const key of ids) {
      this.outputs.get(key)?.dispose();
      this.outputs.delete(key);
    }
  }

  /** Tears the host down (tests, a report page that is closing). */
  close(): void {
    this.dispose();
    this.stopWatching();
  }

  inspect(id: string): OutputSnapshot | undefined {
    return this.outputs.get(id)?.snapshot();
  }

  output(id: string): ChartOutput | undefined {
    return this.outputs.get(id);
  }

  get size(): number {
    return this.outputs.size;
  }

  /** Body class and style attribute changes are frequent; redraw only when the colours really changed. */
  private onThemeMaybeChanged(): void {
    clearTimeout(this.themeTimer);
    this.themeTimer = setTimeout(() => {
      const key = JSON.stringify(this.options.theme());
      if (key === this.themeKey) return;
      this.themeKey = key;
      for (const output of this.outputs.values()) void output.refresh();
    }, 50);
  }
}
