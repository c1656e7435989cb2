// The kernel as the packaged extension runs it: everything bundled (no node_modules in the
// vsix), esbuild's transform served by esbuild-wasm in-process (esbuildInProcess.js), and the
// bundled TensorFlow.js shared with an optional native backend the user installs (shareTfjs.js).
// Imports run in order: the hook is in place before the library starts.
import './shareTfjs.js';
import '../../src/kernel/main.ts';
