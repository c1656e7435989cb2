/**
 * The extension's end of the language worker (src/language/worker.ts, bundled
 * as dist/language/worker.js with the TypeScript compiler inside): started on
 * the first request, so activating the extension neither loads the compiler
 * nor waits for it; restarted on the next request if it dies.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { LanguageMethod, LanguageMethods, LanguageRequest, LanguageResponse } from '../../language/index';

export class LanguageWorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LanguageWorkerError';
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class LanguageWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
    /** Called when a worker ends unasked: the notebooks it held must be opened again. */
    private readonly onRestart: () => void,
  ) {}

  request<M extends LanguageMethod>(notebook: string, method: M, ...params: LanguageMethods[M]['params']): Promise<LanguageMethods[M]['result']> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, notebook, method, params } satisfies LanguageRequest<M>);
    });
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.failAll('the extension is shutting down');
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const path = join(this.extensionPath, 'dist', 'language', 'worker.js');
    const worker = new Worker(path);
    worker.on('message', (response: LanguageResponse) => {
      const pending = this.pending.get(response.id);
      if (!pending) return;
      this.pending.delete(response.id);
      if (response.ok) pending.resolve(response.result);
      else pending.reject(Object.assign(new LanguageWorkerError(response.error.message), { name: response.error.name, stack: response.error.stack }));
    });
    worker.on('error', (error) => this.log.error(`The language worker (${path}) failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.log.warn(`The language worker exited (code ${code}); it restarts on the next request.`);
      this.failAll(`the language worker exited with code ${code}`);
      this.onRestart();
    });
    this.worker = worker;
    return worker;
  }

  private failAll(why: string): void {
    for (const pending of this.pending.values()) pending.reject(new LanguageWorkerError(`No answer from the language worker: ${why}.`));
    this.pending.clear();
  }
}
