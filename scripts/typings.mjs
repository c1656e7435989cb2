// Writes dist/typings: the declarations notebook cells are type-checked against (src/language/typings.ts).
//   lib/       TypeScript's lib.es2022.d.ts and the libs it references (no DOM: the kernel is Node)
//   packages/  ibnb's declarations (dist/types/lib, from `tsc -b src/lib`) as packages/ibnb, and
//              every declaration file they pull in from node_modules (@tensorflow/*, @types/node),
//              found by letting the compiler resolve them, with each package's package.json
// Usage: node scripts/typings.mjs   (run by scripts/build.mjs after the declarations are emitted)
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'dist/typings');
const libTypes = join(root, 'dist/types/lib');
const contractTypes = join(root, 'dist/types/contract');
const nodeModules = join(root, 'node_modules');
const tsLib = dirname(ts.getDefaultLibFilePath({}));

if (!existsSync(join(libTypes, 'index.d.ts'))) {
  console.error(`scripts/typings.mjs: ${relative(root, libTypes)}/index.d.ts is missing; run \`npx tsc -b src/lib\` first.`);
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

// The default lib and the libs it references, transitively.
const libs = new Set();
(function addLib(name) {
  if (libs.has(name)) return;
  libs.add(name);
  for (const match of readFileSync(join(tsLib, name), 'utf8').matchAll(/^\/\/\/\s*<reference lib="([^"]+)"/gm)) addLib(`lib.${match[1].toLowerCase()}.d.ts`);
})('lib.es2022.d.ts');
for (const name of libs) copy(join(tsLib, name), join(out, 'lib', name));

// What a cell importing 'ibnb' and '@tensorflow/tfjs' on Node loads: the compiler's own resolution decides.
const entry = join(root, 'dist/types/__typings_entry__.ts');
writeFileSync(entry, "import 'ibnb';\nimport '@tensorflow/tfjs';\n");
const options = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  types: ['node'],
  typeRoots: [join(nodeModules, '@types')],
  noEmit: true,
  skipLibCheck: true,
  paths: { ibnb: [join(libTypes, 'index.d.ts')] },
};
const program = ts.createProgram([entry], options);
rmSync(entry);
const packageRoots = new Set();
let files = 0;
for (const file of program.getSourceFiles()) {
  const path = resolve(file.fileName);
  if (path === entry || path.startsWith(tsLib + sep)) continue;
  if (path.startsWith(libTypes + sep)) {
    copy(path, join(out, 'packages/ibnb', relative(libTypes, path)));
  } else if (path.startsWith(contractTypes + sep)) {
    // The library's declarations import the contract (src/contract) as ../contract/…: it goes beside them.
    copy(path, join(out, 'packages/contract', relative(contractTypes, path)));
  } else if (path.startsWith(nodeModules + sep)) {
    // A package's own node_modules (tfjs-core's @webgpu/types) becomes its packages/ folder, as
    // src/language/typings.ts maps them: no folder named node_modules may ship in the vsix.
    const rel = relative(nodeModules, path);
    const parts = rel.split(sep);
    const last = parts.lastIndexOf('node_modules');
    const start = last + 1;
    packageRoots.add(parts.slice(0, start + (parts[start].startsWith('@') ? 2 : 1)).join(sep));
    copy(path, join(out, 'packages', parts.map((p) => (p === 'node_modules' ? 'packages' : p)).join(sep)));
  } else {
    console.error(`scripts/typings.mjs: ${path} is neither ibnb's nor in node_modules; the typings would not be self-contained.`);
    process.exit(1);
  }
  files++;
}
for (const pkg of packageRoots) copy(join(nodeModules, pkg, 'package.json'), join(out, 'packages', pkg.split(sep).map((p) => (p === 'node_modules' ? 'packages' : p)).join(sep), 'package.json'));
// A package scope of its own: resolving 'ibnb' from here must not find the repository's (or an
// installed ibnb's) package.json by its name, whose declarations would pull @tensorflow/tfjs from
// node_modules, a second copy whose classes the bundled ones would not accept.
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ name: 'ibnb-notebook-typings', private: true }, null, 2)}\n`);
writeFileSync(join(out, 'packages/ibnb/package.json'), `${JSON.stringify({ name: 'ibnb', types: 'index.d.ts' }, null, 2)}\n`);
console.log(`typings: ${libs.size} TypeScript libs, ${files} declaration files of ibnb and ${packageRoots.size} packages into ${relative(root, out)}/`);
