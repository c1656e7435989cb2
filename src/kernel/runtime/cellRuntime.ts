/** The `__ibnb` object a rewritten cell receives: its imports and its function declarations go through it. */
import { pathToFileURL } from 'node:url';
import type { ModuleLoader } from './modules';

export class CellRuntime {
  readonly importMeta: { url: string; filename: string; dirname: string };

  constructor(
    private readonly loader: ModuleLoader,
    fileName: string,
  ) {
    this.importMeta = { url: pathToFileURL(fileName).href, filename: fileName, dirname: loader.notebookDir };
  }

  /** `import … from id` */
  import(id: string): Promise<unknown> {
    return this.loader.import(id);
  }

  /** `import(id)` */
  async importDynamic(id: unknown): Promise<unknown> {
    return this.loader.namespaceOf(await this.loader.import(String(id)));
  }

  /** `import { a, b } from id`: names the module does not export fail here (for 'ibnb'). */
  requireExports(module: unknown, id: string, names: string[]): void {
    this.loader.requireExports(module, id, names);
  }

  defaultOf(module: unknown): unknown {
    return this.loader.defaultOf(module);
  }

  namespaceOf(module: unknown): unknown {
    return this.loader.namespaceOf(module);
  }

  /** Function declarations are hoisted in the cell and published as globals before anything runs. */
  hoist(functions: Record<string, unknown>): void {
    Object.assign(globalThis, functions);
  }
}
