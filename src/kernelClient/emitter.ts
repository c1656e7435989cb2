/** A small typed event emitter in VS Code's style (`onX(listener)` returns a Disposable), without importing vscode. */

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** Calls every listener; one that throws does not stop the others (its error is printed). */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        console.error('ibnb: an event listener failed:', error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
