/**
 * One notebook output (one output id) and its one Vega view, through its
 * life: first render, live updates, resizes, theme and layout changes,
 * disposal. A live update whose chart keeps its shape only swaps the data
 * in the running view (selections, zoom and controls stay); a change of
 * shape builds the new view off-screen and swaps it in when drawn, so the
 * output never flickers, blanks or shows two charts. Live updates come whole
 * (a re-render of the output) or as deltas (merge()): a delta is merged into
 * the payload shown, so only what is new crosses from the extension.
 */
import embed, { vega, vegaLite, type Result } from 'vega-embed';
import {
  buildCompareSpec,
  buildDynamicsSpec,
  compareTextAlternative,
  COMPARE_MIME,
  controlNames,
  DATASET,
  HOVER,
  DEFAULT_WIDTH,
  DYNAMICS_MIME,
  dynamicsTextAlternative,
  type TextAlternative,
  mergeDynamics,
  PARAM,
  scrubFrames,
  structureKey,
  themeConfig,
  toRows,
  validateComparePayload,
  validateDelta,
  validatePayload,
  type ChartRows,
  type ComparePayload,
  type ChartTheme,
  type DynamicsPayload,
  type LayerLayout,
} from '../src/charts/index';
import { safeEmbedOptions, type RendererKind } from './embedOptions';
import { LiveDatasets, runAndFit, type DataChange } from './liveData';
import { countMarks, MEASURE_CELLS, PLANE_CELLS, plotPoints, type PlaneScales, type PlotPoints } from '../src/charts/index';
import { prepareVegaLite } from './vegaLiteSpec';
import { Scrubber, type Clock } from './scrubber';
import { VEGALITE_MIME } from '../src/contract/mime';

export { VEGALITE_MIME };

export interface OutputRequest {
  id: string;
  mime: string;
  /** The parsed JSON of the output item. */
  value?: unknown;
  /** Why the item could not be read (e.g. not JSON); shown instead of a chart. */
  error?: string;
}

export interface OutputEnv {
  theme(): ChartTheme;
  renderer: RendererKind;
  /** Asks for this output whole again: a delta followed batches the chart does not have. */
  requestWhole?(): void;
  /** The scrubber's play-through timer (tests step it); real time by default. */
  clock?: Clock;
}

/** What tests and the benchmark read back. */
export interface OutputSnapshot {
  /** Live Vega views for this output: 0 or 1. */
  views: number;
  /** Views built so far (1 + rebuilds); live updates do not build one. */
  embeds: number;
  /** Live updates applied in place. */
  updates: number;
  /** Rows the last dynamics update inserted and removed (only what changed is sent). */
  lastChange?: DataChange;
  /** Live updates merged into the payload shown, and those refused (of another run, after a gap, malformed). */
  deltas: { merged: number; refused: number };
  /** Batches in the payload shown. */
  batches?: number;
  kind?: OutputKind;
  renderer: RendererKind;
  marks: Record<string, number>;
  /** The plane's small multiples (dynamics charts in facets) and the points drawn past their edges: none, where nothing is clipped. */
  plane: PlotPoints[];
  /** The by-epoch panels, likewise. */
  measures: PlotPoints[];
  /** Values of the controls (bound parameters) the view has. */
  controls: Record<string, unknown>;
  /** Whether the means carry their bootstrap intervals. */
  intervals: boolean;
  /** The scrubber (dynamics charts): the frame shown of how many, following the run or not, playing or not. */
  scrubber: ReturnType<Scrubber['state']> & { hidden: boolean };
  /** What the plane ↔ CKA heatmap hover selections hold (their stores' values), where the view has them. */
  hover: Record<string, unknown[]>;
  message?: string;
  notes: string[];
}

type View = Result['view'];
type OutputKind = 'dynamics' | 'compare' | 'vegalite';
type EmbedSpec = Parameters<typeof embed>[1];

interface EmbedRequest {
  kind: OutputKind;
  spec: EmbedSpec;
  options: Parameters<typeof embed>[2];
  /** See Shown.key. */
  key: string;
  width: number;
  containerWidth: boolean;
  /** Rows to send the new view after it is built (the dynamics chart's spec carries no data). */
  live?: { datasets: LiveDatasets; rows: ChartRows };
}

interface Shown {
  kind: OutputKind;
  unit: HTMLDivElement;
  result: Result;
  /** The dynamics rows the view holds. */
  live?: LiveDatasets;
  /** What shapes the view besides its data (structure, theme, layout): equal keys allow an in-place update. */
  key: string;
  /** Pixels the spec was laid out for. */
  width: number;
  containerWidth: boolean;
}

const EMPTY_ROWS: ChartRows = { [DATASET.points]: [], [DATASET.measures]: [], [DATASET.metrics]: [], [DATASET.similarity]: [] };
function hoverValues(view: View): Record<string, unknown[]> {
  const values: Record<string, unknown[]> = {};
  for (const name of Object.values(HOVER)) {
    try {
      values[name] = (view.data(`${name}_store`) as { values: unknown[] }[]).map((entry) => entry.values);
    } catch {
      // Not in this view (no heatmap, or not a dynamics chart).
    }
  }
  return values;
}

/** Right-hand room vega-embed keeps for its actions menu. */
const ACTIONS_GUTTER = 40;

const STATUS_WORDS: Record<DynamicsPayload['status'], string> = { running: 'training…', done: 'done', interrupted: 'interrupted', failed: 'failed' };

function batchCount(payload: DynamicsPayload): number {
  return payload.batches?.epoch.length ?? 0;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function div(className: string): HTMLDivElement {
  const el = document.createElement('div');
  el.className = className;
  return el;
}

/** Sets each named signal the new view also has to its value in the old view. */
function carrySignals(from: View, to: View, names: string[]): void {
  for (const name of names) {
    try {
      to.signal(name, from.signal(name));
    } catch {
      // The signal exists in only one of the views: nothing to carry.
    }
  }
}

/** Replaces whole datasets (a generic spec's rows have no identity to diff by). */
function replaceDatasets(view: View, datasets: Record<string, unknown[]>): Promise<unknown> {
  for (const [name, values] of Object.entries(datasets)) {
    view.change(name, vega.changeset().remove(vega.truthy).insert(values));
  }
  return runAndFit(view);
}

/**
 * A <form> for each output: Vega names a radio binding's inputs after its
 * parameter, and radio groups with one name are exclusive across the whole
 * document, so two charts in one notebook would share one "points" choice.
 * A form scopes each group to its chart.
 */
function scopedForm(className: string): HTMLFormElement {
  const form = document.createElement('form');
  form.className = className;
  form.noValidate = true;
  form.addEventListener('submit', (event) => event.preventDefault());
  return form;
}

/** A header button that is on or off (aria-pressed, off at first), telling `onChange` when it flips. */
function pressedToggle(className: string, text: string, title: string, onChange: (on: boolean) => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = className;
  button.textContent = text;
  button.title = title;
  button.setAttribute('aria-pressed', 'false');
  button.addEventListener('click', () => {
    const on = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(on));
    onChange(on);
  });
  return button;
}

export class ChartOutput {
  readonly root = scopedForm('ibnb-output');
  private readonly header = div('ibnb-header');
  private readonly caption = div('ibnb-caption');
  private readonly toggle = document.createElement('button');
  private readonly intervalToggle = pressedToggle('ibnb-intervals-toggle', '95 % intervals', "Each epoch mean with its 95 % bootstrap interval over the epoch's batches", (on) => {
    this.intervals = on;
    void this.refresh();
  });
  private readonly scalesToggle = pressedToggle('ibnb-scales-toggle', 'Shared scales', "All layers' planes on one x and one y scale, to compare their magnitudes (by default each layer has its own)", (on) => {
    this.scales = on ? 'shared' : 'independent';
    void this.refresh();
  });
  /**
   * Small multiples on their own scales (default: a layer 10⁴ times smaller
   * than the first still fills its plot) or one shared scale, to compare
   * magnitudes across layers.
   */
  private scales: PlaneScales = 'independent';
  /** Bootstrap intervals on the means (off by default: they cost the chart the resampling at every update). */
  private intervals = false;
  private readonly slot = div('ibnb-slot');
  /** The chart's text alternative, read by screen readers in place of the canvas (visually hidden). */
  private readonly summary = div('ibnb-sr-only');
  private readonly scrubber: Scrubber;
  /** The dynamics rows drawn last: the scrubber's frames come from them. */
  private rows?: ChartRows;
  private textAlternative?: TextAlternative;
  private shown?: Shown;
  private message?: HTMLDivElement;
  private readonly notes: string[] = [];
  private noteBox?: HTMLDivElement;
  private latest?: OutputRequest;
  /** Deltas waiting for the drawing in progress to end; merged in arrival order. */
  private readonly deltas: unknown[] = [];
  private deltaCounts = { merged: 0, refused: 0 };
  /** Asked for the output whole since the last whole payload (once is enough). */
  private wholeRequested = false;
  private lastRequest?: OutputRequest;
  private running?: Promise<void>;
  private layout: LayerLayout = 'facet';
  private payload?: DynamicsPayload;
  private controls: string[] = [];
  private embeds = 0;
  private updates = 0;
  private lastChange?: DataChange;
  private disposed = false;
  private readonly resizeObserver?: ResizeObserver;
  private resizeTimer?: ReturnType<typeof setTimeout>;
  private observedWidth = 0;
  /** A resize arrived while drawing; fit once the drawing is done. */
  private relayoutPending = false;

  constructor(
    readonly id: string,
    private readonly env: OutputEnv,
  ) {
    this.header.hidden = true;
    this.toggle.type = 'button';
    this.toggle.className = 'ibnb-layout-toggle';
    this.toggle.addEventListener('click', () => {
      this.layout = this.layout === 'facet' ? 'overlay' : 'facet';
      void this.refresh();
    });
    this.header.append(this.caption, this.toggle, this.scalesToggle, this.intervalToggle);
    this.summary.id = `${id}-summary`;
    this.scrubber = new Scrubber({ showUpTo: (step) => this.showUpTo(step), frames: (mode) => scrubFrames(this.rows?.[DATASET.points] ?? [], mode) }, env.clock);
    this.scrubber.root.hidden = true;
    this.root.append(this.header, this.scrubber.root, this.slot, this.summary);
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => this.onResize());
      this.resizeObserver.observe(this.root);
    }
  }

  /** Puts the output into `element` (VS Code may hand a new element for the same output). */
  attach(element: HTMLElement): void {
    if (this.root.parentElement !== element) element.replaceChildren(this.root);
  }

  /** Shows `request`; requests that arrive while one is drawing are coalesced to the newest. */
  update(request: OutputRequest): Promise<void> {
    this.latest = request;
    return this.drain();
  }

  /** Merges a live update (a DynamicsDelta) into the dynamics shown, then redraws; coalesced like update(). */
  merge(delta: unknown): Promise<void> {
    this.deltas.push(delta);
    return this.drain();
  }

  /** Resolves when every update given so far is drawn. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Redraws the last request (theme or layout changed); a no-op for the data if nothing else did. */
  refresh(): Promise<void> {
    if (!this.lastRequest || this.latest) return this.drain();
    this.latest = this.lastRequest;
    return this.drain();
  }

  dispose(): void {
    this.disposed = true;
    this.latest = undefined;
    this.scrubber.dispose();
    this.resizeObserver?.disconnect();
    clearTimeout(this.resizeTimer);
    this.shown?.result.finalize();
    this.shown = undefined;
    this.root.remove();
  }

  snapshot(): OutputSnapshot {
    return {
      views: this.shown ? 1 : 0,
      embeds: this.embeds,
      updates: this.updates,
      lastChange: this.lastChange,
      deltas: { ...this.deltaCounts },
      batches: this.payload?.batches?.epoch.length,
      kind: this.shown?.kind,
      renderer: this.env.renderer,
      marks: this.shown ? countMarks(this.scene()) : {},
      plane: this.shown?.kind === 'dynamics' ? plotPoints(this.scene(), PLANE_CELLS) : [],
      measures: this.shown?.kind === 'dynamics' ? plotPoints(this.scene(), MEASURE_CELLS) : [],
      controls: this.shown ? this.controlValues(this.shown.result.view) : {},
      scrubber: { ...this.scrubber.state(), hidden: this.scrubber.root.hidden },
      intervals: this.intervals,
      hover: this.shown ? hoverValues(this.shown.result.view) : {},
      message: this.message?.textContent ?? undefined,
      notes: [...this.notes],
    };
  }

  private scene(): unknown {
    return (this.shown?.result.view.scenegraph() as unknown as { root: unknown } | undefined)?.root;
  }

  private controlValues(view: View): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const name of this.controls) {
      try {
        values[name] = view.signal(name);
      } catch {
        // Not in this view.
      }
    }
    return values;
  }

  /** The view, for tests and benchmarks only. */
  get view(): View | undefined {
    return this.shown?.result.view;
  }

  private drain(): Promise<void> {
    if (!this.running) {
      this.running = (async () => {
        try {
          while ((this.latest || this.deltas.length > 0) && !this.disposed) {
            const request = this.latest;
            this.latest = undefined;
            try {
              if (request) await this.apply(request);
              else await this.applyDeltas();
            } catch (error) {
              this.showMessage(`Cannot show this chart: ${errorText(error)}`);
            }
          }
        } finally {
          this.running = undefined;
          if (this.relayoutPending) {
            this.relayoutPending = false;
            void this.relayout();
          }
        }
      })();
    }
    return this.running;
  }

  private async apply(request: OutputRequest): Promise<void> {
    this.lastRequest = request;
    if (request.error !== undefined) return this.showMessage(request.error);
    if (request.mime === DYNAMICS_MIME) return this.applyDynamics(request.value);
    if (request.mime === COMPARE_MIME) return this.applyCompare(request.value);
    if (request.mime === VEGALITE_MIME) return this.applyVegaLite(request.value);
    this.showMessage(`IB Notebooks cannot draw outputs of type ${request.mime}.`);
  }

  private async applyDynamics(value: unknown): Promise<void> {
    const check = validatePayload(value);
    if (!check.ok) return this.showMessage(check.message);
    const held = this.payload;
    // A whole payload that arrives after deltas took the chart further (they travel apart) is not a step back.
    const stale = held !== undefined && this.shown?.kind === 'dynamics' && check.payload.runId === held.runId && batchCount(check.payload) < batchCount(held);
    if (!stale) {
      this.payload = check.payload;
      this.wholeRequested = false;
    }
    this.mergeWaiting();
    return this.drawDynamics(this.payload!);
  }

  /** Deltas with no whole payload to go with: merged into the one shown. */
  private async applyDeltas(): Promise<void> {
    if (!this.payload || this.shown?.kind !== 'dynamics') {
      // Nothing to merge into (not a dynamics chart, or not drawn): dropped; a whole payload will come.
      this.deltaCounts.refused += this.deltas.splice(0).length;
      return;
    }
    if (this.mergeWaiting() > 0) await this.drawDynamics(this.payload);
  }

  /** Merges the waiting deltas into this.payload; returns how many it merged. */
  private mergeWaiting(): number {
    let merged = 0;
    for (const value of this.deltas.splice(0)) {
      const payload = this.payload;
      const check = payload ? validateDelta(value, payload) : undefined;
      const result = payload && check?.ok ? mergeDynamics(payload, check.delta) : undefined;
      if (result?.ok) {
        this.deltaCounts.merged += 1;
        merged += 1;
      } else {
        this.deltaCounts.refused += 1;
        // Behind the run (not another run, not malformed): the whole output catches up.
        const behind = payload && check?.ok && check.delta.runId === payload.runId && check.delta.batchesBefore > batchCount(payload);
        if (behind && !this.wholeRequested) {
          this.wholeRequested = true;
          this.env.requestWhole?.();
        }
      }
    }
    // A redraw (theme, layout) draws what is shown now, deltas included.
    if (this.payload) this.lastRequest = { id: this.id, mime: DYNAMICS_MIME, value: this.payload };
    return merged;
  }

  private async drawDynamics(payload: DynamicsPayload): Promise<void> {
    this.showHeader(payload);
    const theme = this.env.theme();
    const rows = toRows(payload, { intervals: this.intervals });
    const key = `${structureKey(payload, this.chartOptions())}|${JSON.stringify(theme)}`;
    const shown = this.shown;
    this.rows = rows;
    if (shown?.kind === 'dynamics' && shown.key === key && shown.live) {
      this.lastChange = await shown.live.apply(shown.result.view, rows);
      this.updates += 1;
      this.scrubber.refresh();
      return;
    }
    const width = this.availableWidth();
    // The spec goes in without data; the rows follow as a changeset, so the
    // view holds our row objects and later updates can send differences.
    const spec = buildDynamicsSpec(payload, { ...this.chartOptions(), rows: EMPTY_ROWS, width, theme });
    this.controls = controlNames(payload);
    const options = safeEmbedOptions({ theme, renderer: this.env.renderer, ownSpec: true, downloadFileName: `ibnb-${payload.runId.replace(/[^\w.-]+/g, '_')}`, onBlocked: (uri, context) => this.addNote(uri, context) });
    await this.embedSpec({ kind: 'dynamics', spec, options, key, width, containerWidth: false, live: { datasets: new LiveDatasets(), rows } });
    this.scrubber.refresh();
  }

  /** The scrubber moved: the view shows the run up to `step` (null: all of it). */
  private showUpTo(step: number | null): void {
    const view = this.shown?.kind === 'dynamics' ? this.shown.result.view : undefined;
    if (!view) return;
    view.signal(PARAM.upTo, step);
    void view.runAsync();
  }

  /**
   * Several runs: a finished comparison, so no live updates; its data go
   * inline with the spec. Rebuilt only when the payload or theme changes.
   */
  private async applyCompare(value: unknown): Promise<void> {
    const check = validateComparePayload(value);
    if (!check.ok) return this.showMessage(check.message);
    const payload = check.payload;
    this.payload = undefined;
    this.rows = undefined;
    this.scrubber.refresh();
    this.showCompareHeader(payload);
    const theme = this.env.theme();
    const width = this.availableWidth();
    // The width is in the key: a resize rebuilds the view (through refresh), as the data are part of the spec.
    const key = `compare|${width}|${JSON.stringify(payload)}|${JSON.stringify(theme)}`;
    if (this.shown?.kind === 'compare' && this.shown.key === key) return;
    this.controls = [PARAM.evaluator];
    const options = safeEmbedOptions({ theme, renderer: this.env.renderer, ownSpec: true, downloadFileName: 'ibnb-compare', onBlocked: (uri, context) => this.addNote(uri, context) });
    await this.embedSpec({ kind: 'compare', spec: buildCompareSpec(payload, { width, theme }) as EmbedSpec, options, key, width, containerWidth: false });
  }

  private async applyVegaLite(value: unknown): Promise<void> {
    this.header.hidden = true;
    this.rows = undefined;
    this.scrubber.refresh();
    const result = prepareVegaLite(value);
    if (!result.ok) return this.showMessage(result.message);
    const { prepared } = result;
    const theme = this.env.theme();
    const key = prepared.hasConfig ? prepared.key : `${prepared.key}|${JSON.stringify(theme)}`;
    const shown = this.shown;
    if (shown?.kind === 'vegalite' && shown.key === key) {
      await replaceDatasets(shown.result.view, prepared.datasets);
      this.updates += 1;
      return;
    }
    this.controls = prepared.boundParams;
    const options = safeEmbedOptions({
      theme,
      renderer: this.env.renderer,
      // The spec's own config wins: then the chart looks as its author made it.
      ...(prepared.hasConfig ? {} : { config: themeConfig(theme) }),
      onBlocked: (uri, context) => this.addNote(uri, context),
    });
    await this.embedSpec({ kind: 'vegalite', spec: prepared.spec as EmbedSpec, options, key, width: this.availableWidth(), containerWidth: prepared.containerWidth });
  }

  /** Builds a view for `spec` off-screen (with its live rows, if any), then swaps it for the current one. */
  private async embedSpec(build: EmbedRequest): Promise<void> {
    const { kind, spec, options, key, width, containerWidth, live } = build;
    const unit = div('ibnb-unit');
    const bindings = div('ibnb-bindings');
    const chart = div('ibnb-chart');
    unit.append(bindings, chart);
    const previous = this.shown;
    // Hidden until drawn with its data; meanwhile an old view stays in place and in layout.
    unit.classList.add('ibnb-pending');
    this.slot.appendChild(unit);
    let result: Result;
    try {
      result = await embed(chart, spec, { ...options, bind: bindings });
    } catch (error) {
      unit.remove();
      throw error;
    }
    try {
      if (live) this.lastChange = await live.datasets.apply(result.view, live.rows);
    } catch (error) {
      result.finalize();
      unit.remove();
      throw error;
    }
    if (this.disposed) {
      result.finalize();
      unit.remove();
      return;
    }
    if (previous) {
      carrySignals(previous.result.view, result.view, this.controls);
      await result.view.runAsync();
      previous.result.finalize();
      previous.unit.remove();
    }
    unit.classList.remove('ibnb-pending');
    this.clearMessage();
    this.shown = { kind, unit, result, key, width, containerWidth, live: live?.datasets };
    this.labelChart();
    this.embeds += 1;
  }

  /** What the header's toggles choose: one owner, so the view's key, its spec and a resize agree. */
  private chartOptions(): { layout: LayerLayout; scales: PlaneScales; intervals: boolean } {
    return { layout: this.layout, scales: this.scales, intervals: this.intervals };
  }

  private showHeader(payload: DynamicsPayload): void {
    this.textAlternative = dynamicsTextAlternative(payload);
    this.labelChart();
    const last = payload.epochs[payload.epochs.length - 1];
    const parts = [STATUS_WORDS[payload.status], last ? `epoch ${last.epoch}` : 'no epoch yet', `${payload.backend} backend`, `run ${payload.runId}`];
    // textContent: run ids and backend names are payload text, never HTML.
    this.caption.textContent = parts.join(' · ');
    this.toggle.hidden = false;
    this.intervalToggle.hidden = false;
    // One overlaid panel has one scale already.
    this.scalesToggle.hidden = this.layout === 'overlay';
    this.toggle.textContent = this.layout === 'facet' ? 'Overlay layers' : 'Small multiples';
    this.toggle.title = this.layout === 'facet' ? 'Draw all layers in one plane, by colour' : 'Draw one plane per layer';
    this.header.hidden = false;
  }

  /**
   * The canvas has no text: the chart (not its controls, which stay reachable)
   * is an image named by the title and described by the summary.
   */
  private labelChart(): void {
    const chart = this.shown?.kind === 'dynamics' || this.shown?.kind === 'compare' ? this.shown.unit.querySelector('.ibnb-chart') : null;
    if (!chart || !this.textAlternative) return;
    chart.setAttribute('role', 'img');
    chart.setAttribute('aria-label', this.textAlternative.title);
    chart.setAttribute('aria-describedby', this.summary.id);
    this.summary.textContent = this.textAlternative.summary;
  }

  private showCompareHeader(payload: ComparePayload): void {
    this.textAlternative = compareTextAlternative(payload);
    this.labelChart();
    const how = payload.aggregate === 'mean-sd' ? 'mean ± 1 sd by configuration' : 'coloured by run';
    // textContent: labels are payload text, never HTML.
    this.caption.textContent = `${payload.runs.length} runs compared (${how}): ${payload.runs.map((r) => r.label).join(', ')}`;
    this.toggle.hidden = true;
    this.intervalToggle.hidden = true;
    this.scalesToggle.hidden = true;
    this.header.hidden = false;
  }

  /** A short readable message in place of the chart. */
  private showMessage(text: string): void {
    this.shown?.result.finalize();
    this.shown?.unit.remove();
    this.shown = undefined;
    this.header.hidden = true;
    this.scrubber.root.hidden = true;
    if (!this.message) {
      this.message = div('ibnb-message');
      this.message.setAttribute('role', 'alert');
      this.slot.before(this.message);
    }
    this.message.textContent = text;
  }

  private clearMessage(): void {
    this.message?.remove();
    this.message = undefined;
  }

  private addNote(uri: string, context: string): void {
    const shortUri = uri.length > 160 ? `${uri.slice(0, 160)}…` : uri;
    const note = `This chart asked to load ${context === 'href' ? 'a link' : context === 'image' ? 'an image' : 'data'} from “${shortUri}”. IB Notebooks charts load nothing from URLs or files; put the data inline.`;
    if (this.notes.includes(note)) return;
    this.notes.push(note);
    if (!this.noteBox) {
      this.noteBox = div('ibnb-note');
      this.root.appendChild(this.noteBox);
    }
    this.noteBox.textContent = this.notes.slice(-3).join('\n');
  }

  private availableWidth(): number {
    const width = this.slot.clientWidth || this.root.clientWidth;
    return width > 0 ? Math.max(200, width - ACTIONS_GUTTER) : DEFAULT_WIDTH;
  }

  private onResize(): void {
    const width = this.root.clientWidth;
    if (Math.abs(width - this.observedWidth) < 4) return;
    this.observedWidth = width;
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => void this.relayout(), 100);
  }

  /** Fits the shown chart to a new output width without rebuilding it (zoom and controls stay). */
  private async relayout(): Promise<void> {
    const shown = this.shown;
    if (this.running) {
      this.relayoutPending = true;
      return;
    }
    if (!shown || this.disposed) return;
    const view = shown.result.view;
    if (shown.kind === 'vegalite') {
      if (!shown.containerWidth) return;
      const container = view.container();
      if (container) {
        const style = getComputedStyle(container);
        const inner = container.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
        if (inner > 0) view.signal('width', inner);
      }
      await view.resize().runAsync();
      return;
    }
    const width = this.availableWidth();
    if (shown.kind === 'compare') {
      // Its data are inline in the spec: a rebuild at the new width is one embed, swapped in when drawn.
      if (Math.abs(width - shown.width) >= 4) await this.refresh();
      return;
    }
    if (!this.payload || Math.abs(width - shown.width) < 4) return;
    // Vega-Lite names each panel's size signal (e.g. ibnb_plane_child_width):
    // compile the same chart, without data, at the new width and copy its sizes.
    const sized = vegaLite.compile(buildDynamicsSpec(this.payload, { ...this.chartOptions(), rows: EMPTY_ROWS, width, theme: this.env.theme() })).spec;
    for (const signal of sized.signals ?? []) {
      if (!/(^|_)(width|height)$/.test(signal.name) || !('value' in signal) || typeof signal.value !== 'number') continue;
      try {
        view.signal(signal.name, signal.value);
      } catch {
        // Not a signal of this view (should not happen for the same structure).
      }
    }
    shown.width = width;
    await view.resize().runAsync();
  }
}
