import type { tf } from '../tf';

/** What training and evaluation read: any async iterable of { x, y } batches, ideally with a `length` (batches per pass). */
export interface BatchSource {
  [Symbol.asyncIterator](): AsyncIterator<{ x: tf.Tensor; y: tf.Tensor }>;
  readonly length?: number;
}

/** Lets the event loop run (messages, timers, AbortSignal) between batches; a microtask would not. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
