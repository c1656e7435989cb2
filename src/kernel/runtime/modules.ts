/**
 * How cells find modules: 'ibnb' is the library the kernel itself runs (one
 * instance, so hooks the kernel installs are seen by user models); other bare
 * names resolve from the notebook's folder (its node_modules), then from the
 * kernel's; relative paths from the notebook's folder; `node:` built-ins as usual.
 */
import { createRequire, isBuiltin } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { types } from 'node:util';
import { closeNames } from '../../lib/options';

type Require = (id: string) => unknown;

export class ModuleLoader {
  private readonly notebookRequire: NodeJS.Require;
  /** `require` as cells see it. */
  readonly require: Require;

  constructor(
    readonly notebookDir: string,
    private readonly library: object,
    private readonly kernelRequire: NodeJS.Require,
  ) {
    // createRequire needs a file name; the file need not exist.
    this.notebookRequire = createRequire(join(notebookDir, '__notebook__.js'));
    const load = (id: string) => this.load(id);
    this.require = Object.assign(load, { resolve: (id: string) => this.resolve(id), cache: this.notebookRequire.cache });
  }

  load(id: string): unknown {
    if (id === 'ibnb') return this.library;
    if (isBuiltin(id) || !isBare(id)) return this.notebookRequire(id);
    try {
      return this.notebookRequire(id);
    } catch (error) {
      if (!isNotFound(error, id)) throw error;
      try {
        return this.kernelRequire(id);
      } catch (kernelError) {
        if (!isNotFound(kernelError, id)) throw kernelError;
        throw notFound(id, this.notebookDir);
      }
    }
  }

  resolve(id: string): string {
    if (id === 'ibnb') return id;
    if (isBuiltin(id) || !isBare(id)) return this.notebookRequire.resolve(id);
    try {
      return this.notebookRequire.resolve(id);
    } catch (error) {
      if (!isNotFound(error, id)) throw error;
      return this.kernelRequire.resolve(id);
    }
  }

  /** A module as `import` sees it: CommonJS through require, ES modules through import(). */
  async import(id: string): Promise<unknown> {
    try {
      return this.load(id);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw error;
      let target = id;
      try {
        target = pathToFileURL(this.resolve(id)).href;
      } catch {
        // An ESM-only package may not resolve for require; let import() try the name itself.
      }
      return import(target);
    }
  }

  /**
   * Throws a SyntaxError (what an ES module's missing export raises) for each
   * name 'ibnb' does not export, listing the close ones, instead of binding
   * `undefined` ("X is not a constructor" later). Other modules are left to
   * Node's CommonJS interop, where a missing name is undefined.
   */
  requireExports(module: unknown, id: string, names: readonly string[]): void {
    if (module !== this.library) return;
    const missing = names.filter((name) => name !== 'default' && !(name in this.library));
    if (missing.length === 0) return;
    const exported = Object.keys(this.library);
    const lines = missing.map((name) => {
      const close = closeNames(name, exported);
      return `'${name}'${close.length > 0 ? ` (did you mean ${close.join(', ')}?)` : ''}`;
    });
    throw new SyntaxError(`The module '${id}' does not provide an export named ${lines.join(', ')}.`);
  }

  /** The value of `import d from '…'`: Node's interop (a CommonJS module's default is its exports). */
  defaultOf(module: unknown): unknown {
    if (module === this.library) return this.library;
    if (isObjectLike(module) && (types.isModuleNamespaceObject(module) || (module as { __esModule?: unknown }).__esModule)) {
      return (module as { default?: unknown }).default;
    }
    return module;
  }

  /** The value of `import * as ns from '…'`. */
  namespaceOf(module: unknown): unknown {
    if (module === this.library || !isObjectLike(module)) return module;
    if (types.isModuleNamespaceObject(module) || (module as { __esModule?: unknown }).__esModule) return module;
    return Object.freeze(Object.assign(Object.create(null), module, { default: module }));
  }
}

function isBare(id: string): boolean {
  return !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(id) && !id.startsWith('file:');
}

function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** True when `id` itself is missing, not one of its own dependencies. */
function isNotFound(error: unknown, id: string): boolean {
  const e = error as NodeJS.ErrnoException;
  return e?.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.startsWith(`Cannot find module '${id}'`);
}

function notFound(id: string, notebookDir: string): Error {
  const error = new Error(`Cannot find module '${id}'. Install it next to the notebook: cd ${JSON.stringify(notebookDir)} && npm install ${packageName(id)}`);
  (error as NodeJS.ErrnoException).code = 'MODULE_NOT_FOUND';
  return error;
}

function packageName(id: string): string {
  const parts = id.split('/');
  return id.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
