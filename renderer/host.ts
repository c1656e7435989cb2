/**
 * All chart outputs of one webview (or one HTML report page): one ChartOutput
 * per output id, so a re-render of an id updates its view and never stacks a
 * second one; live dynamics updates (messages from the extension) go to the
 * output they name.
 */
import type { ChartTheme, DynamicsDeltaMessage } from '../src/charts/index';
import type { RendererKind } from './embedOptions';
import { ChartOutput, type OutputRequest, type OutputSnapshot } from './output';
import { ensureStyles } from './styles';
import { watchTheme } from './theme';

export interface ChartHostOptions {
  theme(): ChartTheme;
  renderer: RendererKind;
  /** Redraw outputs when VS Code switches theme. */
  watchTheme?: boolean;
  /** Asks the extension for output `id` whole (a live update could not be merged). */
  requestWhole?(id: string): void;
}

/**
 * Live updates for an output this webview has not drawn yet (its first
 * render is on the way: messages and outputs travel apart) wait here, a few
 * outputs' worth; older ones are dropped (the next whole payload catches up).
 */
const EARLY_OUTPUTS = 8;
const EARLY_UPDATES_PER_OUTPUT = 200;

function isDeltaMessage(message: unknown): message is DynamicsDeltaMessage {
  const m = message as Partial<DynamicsDeltaMessage> | null;
  return typeof m === 'object' && m !== null && m.type === 'dynamicsDelta' && typeof m.outputId === 'string' && typeof m.delta === 'object';
}

export class ChartHost {
  private readonly outputs = new Map<string, ChartOutput>();
  private readonly early = new Map<string, unknown[]>();
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
      const id = request.id;
      output = new ChartOutput(id, { theme: () => this.options.theme(), renderer: this.options.renderer, requestWhole: () => this.options.requestWhole?.(id) });
      this.outputs.set(request.id, output);
    }
    output.attach(element);
    const done = output.update(request);
    const early = this.early.get(request.id);
    this.early.delete(request.id);
    for (const delta of early ?? []) void output.merge(delta);
    return done;
  }

  /** A message from the extension: a live dynamics update merges into its output; anything else is ignored. */
  receive(message: unknown): Promise<void> {
    if (!isDeltaMessage(message)) return Promise.resolve();
    const output = this.outputs.get(message.outputId);
    if (output) return output.merge(message.delta);
    const waiting = this.early.get(message.outputId) ?? [];
    if (waiting.length < EARLY_UPDATES_PER_OUTPUT) waiting.push(message.delta);
    this.early.delete(message.outputId);
    this.early.set(message.outputId, waiting);
    while (this.early.size > EARLY_OUTPUTS) this.early.delete(this.early.keys().next().value!);
    return Promise.resolve();
  }

  /** Finalizes the view of `id`, or of every output when `id` is undefined. */
  dispose(id?: string): void {
    const ids = id === undefined ? [...this.outputs.keys()] : [id];
    for (const key of ids) {
      this.outputs.get(key)?.dispose();
      this.outputs.delete(key);
      this.early.delete(key);
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
