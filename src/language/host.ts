/**
 * The LanguageServiceHost over one notebook: its virtual module (the code
 * cells in order), an ambient file for the globals the kernel adds, and every
 * other file read from disk through the typings folder's mapping.
 *
 * Modules resolve as the kernel loads them (src/kernel/runtime/modules.ts):
 * `ibnb` and `@tensorflow/tfjs` are always the kernel's own (the bundled
 * declarations); other bare names from the notebook's folder (its
 * node_modules, then the folders above), then the kernel's; relative paths
 * from the notebook's folder.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as ts from 'typescript';
import { KERNEL_MODULES, type TypingsFolder } from './typings';

/** What the kernel defines on the global object for cells (src/kernel/runtime/kernel.ts). */
export const NOTEBOOK_GLOBALS = `/**
 * Shows a value as an output of the running cell, at once (a cell's last
 * expression is shown when the cell ends). The handle updates that output in place.
 */
declare function display(value: unknown): { readonly outputId: string; update(value: unknown): void } | undefined;
`;

/**
 * How cells are compiled for checking. The kernel strips types with esbuild
 * (verbatimModuleSyntax, so a type imported without \`type\` is a run-time
 * import: reported here, as it fails there) and runs ES2022 on Node 20.
 * Strict, as the library is: noImplicitAny also gives `const rows = []` the
 * type of what is pushed into it (without it, never[]).
 */
export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  esModuleInterop: true,
  allowSyntheticDefaultImports: true,
  resolveJsonModule: true,
  verbatimModuleSyntax: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
};

export class NotebookHost implements ts.LanguageServiceHost {
  private text = '';
  private version = 0;
  private readonly snapshots = new Map<string, ts.IScriptSnapshot | undefined>();
  private readonly resolutionHost: ts.ModuleResolutionHost;
  private readonly cache: ts.ModuleResolutionCache;

  constructor(
    /** The virtual module's path: beside the notebook, so that relative imports and node_modules resolve from there. */
    readonly cellsFile: string,
    readonly globalsFile: string,
    private readonly typings: TypingsFolder,
  ) {
    this.resolutionHost = {
      fileExists: (path) => ts.sys.fileExists(typings.realPath(path)),
      readFile: (path) => ts.sys.readFile(typings.realPath(path)),
      directoryExists: (path) => ts.sys.directoryExists(typings.realPath(path)),
      getDirectories: (path) => {
        try {
          return readdirSync(typings.realPath(path), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
        } catch {
          return [];
        }
      },
      // Keep the compiler's paths (virtual node_modules) rather than the folder on disk.
      realpath: (path) => path,
    };
    this.cache = ts.createModuleResolutionCache(dirname(cellsFile), (name) => name, COMPILER_OPTIONS);
  }

  setText(text: string): void {
    if (text === this.text) return;
    this.text = text;
    this.version++;
  }

  getCompilationSettings(): ts.CompilerOptions {
    return COMPILER_OPTIONS;
  }

  getScriptFileNames(): string[] {
    return [this.cellsFile, this.globalsFile, this.typings.nodeTypesFile];
  }

  getScriptVersion(fileName: string): string {
    return fileName === this.cellsFile ? String(this.version) : '0';
  }

  getScriptSnapshot(fileName: string): ts.IScriptSnapshot | undefined {
    if (fileName === this.cellsFile) return ts.ScriptSnapshot.fromString(this.text);
    if (fileName === this.globalsFile) return ts.ScriptSnapshot.fromString(NOTEBOOK_GLOBALS);
    // Declarations on disk do not change while the notebook is open: read each once.
    if (!this.snapshots.has(fileName)) {
      const text = ts.sys.readFile(this.typings.realPath(fileName));
      this.snapshots.set(fileName, text === undefined ? undefined : ts.ScriptSnapshot.fromString(text));
    }
    return this.snapshots.get(fileName);
  }

  getCurrentDirectory(): string {
    return dirname(this.cellsFile);
  }

  getDefaultLibFileName(): string {
    return this.typings.defaultLibFile;
  }

  fileExists(path: string): boolean {
    return path === this.cellsFile || path === this.globalsFile || this.resolutionHost.fileExists(path);
  }

  readFile(path: string): string | undefined {
    if (path === this.cellsFile) return this.text;
    if (path === this.globalsFile) return NOTEBOOK_GLOBALS;
    return this.resolutionHost.readFile(path);
  }

  directoryExists(path: string): boolean {
    return this.resolutionHost.directoryExists!(path);
  }

  getDirectories(path: string): string[] {
    return this.resolutionHost.getDirectories!(path);
  }

  realpath(path: string): string {
    return path;
  }

  /** The file on disk behind a compiler path (a definition in the bundled declarations). */
  realPathOf(path: string): string {
    return this.typings.realPath(path);
  }

  resolveModuleNameLiterals(literals: readonly ts.StringLiteralLike[], containingFile: string): readonly ts.ResolvedModuleWithFailedLookupLocations[] {
    return literals.map((literal) => this.resolve(literal.text, containingFile));
  }

  private resolve(name: string, containingFile: string): ts.ResolvedModuleWithFailedLookupLocations {
    const kernelOwn = KERNEL_MODULES.some((m) => name === m || name.startsWith(`${m}/`));
    const from = kernelOwn && containingFile === this.cellsFile ? this.typings.kernelResolutionFile : containingFile;
    const resolved = ts.resolveModuleName(name, from, COMPILER_OPTIONS, this.resolutionHost, this.cache);
    if (resolved.resolvedModule || containingFile !== this.cellsFile || !isBare(name)) return resolved;
    // Not in the notebook's folder: the kernel's own modules, as the kernel falls back to them.
    return ts.resolveModuleName(name, this.typings.kernelResolutionFile, COMPILER_OPTIONS, this.resolutionHost, this.cache);
  }
}

function isBare(name: string): boolean {
  return !name.startsWith('.') && !name.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(name);
}
