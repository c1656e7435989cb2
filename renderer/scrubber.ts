/**
 * The epoch scrubber: a play/pause button, a slider over the run's frames
 * (src/charts/frames.ts) and a by-epoch / by-batch choice, outside the Vega
 * view so it keeps its place while the view is rebuilt. It drives the view
 * through one callback (the `upTo` parameter). At the last frame it
 * "follows": the chart shows the whole run, and a live run's new batches
 * appear as they come; scrubbed back, the chart stays where the user put it
 * while the slider grows.
 */
import { frameAt, type Frame, type ScrubMode } from '../src/charts/index';

/** Time, injected so tests can step a play-through. */
export interface Clock {
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
}

export const REAL_CLOCK: Clock = {
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
};

/** A play-through takes about this long by batch, whatever the run's length; by epoch, a fixed pace. */
const BATCH_PLAY_MS = 12_000;
const EPOCH_FRAME_MS = 700;

export interface ScrubberTarget {
  /** Shows the run up to `step` (null: all of it). */
  showUpTo(step: number | null): void;
  /** Frames of a mode for the payload shown. */
  frames(mode: ScrubMode): Frame[];
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  return el;
}

export class Scrubber {
  readonly root = element('div', 'ibnb-scrubber');
  private readonly play = element('button', 'ibnb-play');
  private readonly slider = element('input', 'ibnb-scrub');
  private readonly readout = element('output', 'ibnb-scrub-readout');
  private readonly mode = element('select', 'ibnb-scrub-mode');
  private frames: Frame[] = [];
  /** The frame shown; frames.length − 1 with `following` shows everything. */
  private index = 0;
  private following = true;
  private stop?: () => void;

  constructor(
    private readonly target: ScrubberTarget,
    private readonly clock: Clock = REAL_CLOCK,
  ) {
    this.play.type = 'button';
    this.play.addEventListener('click', () => (this.playing ? this.pause() : this.start()));
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.step = '1';
    this.slider.setAttribute('aria-label', 'training step shown');
    this.slider.addEventListener('input', () => {
      this.pause();
      this.goTo(Number(this.slider.value));
    });
    for (const [value, text] of [['epoch', 'by epoch'], ['batch', 'by batch']] as const) {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = text;
      this.mode.append(option);
    }
    this.mode.value = 'epoch';
    this.mode.setAttribute('aria-label', 'replay steps');
    this.mode.addEventListener('change', () => this.changeMode());
    this.readout.setAttribute('aria-live', 'off');
    this.root.append(this.play, this.slider, this.readout, this.mode);
    this.showPlayState();
  }

  get playing(): boolean {
    return this.stop !== undefined;
  }

  get scrubMode(): ScrubMode {
    return this.mode.value === 'batch' ? 'batch' : 'epoch';
  }

  /** What tests read: the frame shown, whether it follows the run, and the readout. */
  state(): { index: number; frames: number; following: boolean; playing: boolean; label: string; mode: ScrubMode } {
    return { index: this.index, frames: this.frames.length, following: this.following, playing: this.playing, label: this.readout.value, mode: this.scrubMode };
  }

  /** The payload changed (a live update, a new run): new frames, same place in the run. */
  refresh(): void {
    const at = this.frames[this.index]?.step;
    this.frames = this.target.frames(this.scrubMode);
    this.root.hidden = this.frames.length < 2;
    if (this.following || at === undefined) this.index = Math.max(0, this.frames.length - 1);
    else this.index = frameAt(this.frames, at);
    this.render();
  }

  /** Shows frame `index`; the last frame follows the run. */
  goTo(index: number): void {
    if (this.frames.length === 0) return;
    this.index = Math.min(this.frames.length - 1, Math.max(0, Math.round(index)));
    this.following = this.index === this.frames.length - 1;
    this.target.showUpTo(this.following ? null : this.frames[this.index].step);
    this.render();
  }

  /** Plays from the frame shown (from the start when at the end) to the last, then follows. */
  start(): void {
    if (this.playing || this.frames.length < 2) return;
    if (this.following) this.goTo(0);
    const ms = this.scrubMode === 'epoch' ? EPOCH_FRAME_MS : Math.min(400, Math.max(40, BATCH_PLAY_MS / this.frames.length));
    this.stop = this.clock.every(ms, () => {
      this.goTo(this.index + 1);
      if (this.following) this.pause();
    });
    this.showPlayState();
  }

  pause(): void {
    this.stop?.();
    this.stop = undefined;
    this.showPlayState();
  }

  dispose(): void {
    this.pause();
    this.root.remove();
  }

  private changeMode(): void {
    const at = this.frames[this.index]?.step;
    this.frames = this.target.frames(this.scrubMode);
    if (!this.following && at !== undefined) this.goTo(frameAt(this.frames, at));
    else this.refresh();
  }

  private render(): void {
    this.slider.max = String(Math.max(0, this.frames.length - 1));
    this.slider.value = String(this.index);
    const frame = this.frames[this.index];
    const label = !frame ? '' : this.following ? `${frame.label} (latest)` : frame.label;
    this.readout.value = label;
    this.slider.setAttribute('aria-valuetext', label);
  }

  private showPlayState(): void {
    this.play.textContent = this.playing ? '❚❚ Pause' : '▶ Play';
    this.play.setAttribute('aria-label', this.playing ? 'Pause the replay' : 'Replay the run');
  }
}
