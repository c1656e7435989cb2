/**
 * The part of VS Code's notebook renderer API (the `vscode-notebook-renderer`
 * types package, not installed here) that this renderer uses. VS Code imports
 * the bundle as an ES module and calls its exported `activate`.
 */

export interface OutputItem {
  /** Stable across updates of one output: a re-render with the same id is an update. */
  readonly id: string;
  readonly mime: string;
  readonly metadata?: unknown;
  text(): string;
  json(): unknown;
  data(): Uint8Array;
}

export interface RendererContext<TState = unknown> {
  getState?(): TState | undefined;
  setState?(value: TState): void;
  readonly workspace?: { readonly isTrusted: boolean };
  readonly settings?: Record<string, unknown>;
  postMessage?(message: unknown): void;
  /** Present when the renderer's manifest entry asks for messaging ("requiresMessaging"): messages the extension posts. */
  onDidReceiveMessage?(listener: (message: unknown) => void): { dispose(): void };
}

export interface RendererApi {
  renderOutputItem(outputItem: OutputItem, element: HTMLElement, signal?: AbortSignal): void | Promise<void>;
  disposeOutputItem?(id?: string): void;
}

export type ActivationFunction<TState = unknown> = (context: RendererContext<TState>) => RendererApi | Promise<RendererApi>;
