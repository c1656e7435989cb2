import type { TrainingListener } from './events';

type EventOf<K extends keyof TrainingListener> = Parameters<NonNullable<TrainingListener[K]>>[0];

/** Calls one event on every listener; a listener that throws is reported once and does not stop training. */
export function emit<K extends keyof TrainingListener>(listeners: readonly TrainingListener[], name: K, event: EventOf<K>): void {
  for (const listener of listeners) {
    const handler = listener[name] as ((e: EventOf<K>) => void) | undefined;
    if (!handler) continue;
    try {
      handler.call(listener, event);
    } catch (error) {
      console.error(`ibnb: a training listener failed in ${String(name)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
