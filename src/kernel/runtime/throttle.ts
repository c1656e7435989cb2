/**
 * Runs an update at most once per interval: the first call runs at once,
 * later ones within the interval run once at its end with the newest state.
 * Progress bars and live charts would otherwise send a message per batch.
 */
export class Throttle {
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private pending: (() => void) | undefined;

  constructor(private readonly intervalMs: number) {}

  run(update: () => void): void {
    this.pending = update;
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), wait);
      // A pending update must not keep the kernel alive on its own.
      this.timer.unref();
    }
  }

  /** Runs the pending update now, if any. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const update = this.pending;
    this.pending = undefined;
    if (!update) return;
    this.last = Date.now();
    update();
  }

  dispose(): void {
    this.flush();
  }
}
