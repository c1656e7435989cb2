// Bundles each runtime with esbuild. Usage: node scripts/build.mjs [--watch]
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');

/** One entry per runtime folder; each bundle is what that runtime loads. */
const targets = [
  {
    // The `ibnb` library (package exports "."): dependencies stay external so
    // the wasm binaries and the optional native backends resolve from node_modules.
    entryPoints: { 'lib/index': 'src/lib/index.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
  },
];

const common = { bundle: true, sourcemap: true, outdir: 'dist', logLevel: 'warning' };

for (const target of targets) {
  const options = { ...common, ...target };
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
  } else {
    await esbuild.build(options);
  }
}
if (!watch) console.log(`built ${targets.length} bundle(s) into dist/`);
