/**
 * The type declarations cells are checked against, shipped with the extension
 * and the CLI in one folder (built by scripts/typings.mjs into dist/typings):
 *
 *   lib/       TypeScript's lib.es2022*.d.ts (the bundled compiler cannot find its own)
 *   packages/  the declarations of `ibnb` and of what it depends on
 *              (@tensorflow/*, @types/node, …), laid out as a node_modules folder
 *
 * The vsix must not hold a folder named node_modules (scripts/package.mjs checks
 * it), so the folder is `packages/` on disk, and `node_modules/` to the
 * compiler: {@link TypingsFolder.realPath} maps one to the other, nested ones
 * too (a package's own node_modules/ is its packages/ folder).
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';

export const TYPINGS_LIB = 'lib';
export const TYPINGS_PACKAGES = 'packages';
/** The default library: ES2022 without the DOM (the kernel is Node; @types/node has its globals). */
export const DEFAULT_LIB = 'lib.es2022.d.ts';
/** Modules the kernel always serves itself, whatever the notebook's folder holds (scripts/vsix/shareTfjs.js, src/kernel/runtime/modules.ts). */
export const KERNEL_MODULES = ['ibnb', '@tensorflow/tfjs'];

export class TypingsMissingError extends Error {
  constructor(readonly root: string) {
    super(`The type declarations for notebook cells are missing from ${root}: run \`npm run build\` (it writes dist/typings), or reinstall the extension.`);
    this.name = 'TypingsMissingError';
  }
}

export class TypingsFolder {
  /** Where the compiler thinks the packages are. */
  readonly virtualNodeModules: string;

  constructor(readonly root: string) {
    if (!existsSync(join(root, TYPINGS_LIB, DEFAULT_LIB)) || !existsSync(join(root, TYPINGS_PACKAGES, 'ibnb', 'package.json'))) {
      throw new TypingsMissingError(root);
    }
    this.virtualNodeModules = join(root, 'node_modules');
  }

  get defaultLibFile(): string {
    return join(this.root, TYPINGS_LIB, DEFAULT_LIB);
  }

  /** A file the kernel's modules are resolved from, as if it sat beside them. */
  get kernelResolutionFile(): string {
    return join(this.root, '__kernel__.ts');
  }

  /** Node's globals (process, console, Buffer, fetch, …): the kernel is Node. */
  get nodeTypesFile(): string {
    return join(this.virtualNodeModules, '@types', 'node', 'index.d.ts');
  }

  /** The file on disk behind a path the compiler uses. */
  realPath(path: string): string {
    if (path !== this.virtualNodeModules && !path.startsWith(this.virtualNodeModules + sep)) return path;
    return this.root + path.slice(this.root.length).split(sep).map((part) => (part === 'node_modules' ? TYPINGS_PACKAGES : part)).join(sep);
  }
}
