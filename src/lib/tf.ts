/**
 * The one place the library imports TensorFlow.js, so every module shares the
 * same engine (and the wasm backend registers itself exactly once).
 */
import * as tf from '@tensorflow/tfjs';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';

// tfjs prints a banner recommending tfjs-node on first cpu use; ibnb reports
// its own backend choice (with the reasons), so the banner is only noise.
tf.env().set('PROD', true);

// The wasm backend initializes asynchronously, and while it is the highest
// priority backend any synchronous op before `await initBackend()` throws
// ("Backend 'wasm' has not yet been initialized"). Building a model is
// synchronous (Keras-like), so until initBackend() picks the best backend,
// ops run on cpu; tfjs moves their data lazily once the chosen one is active.
const wasmRegistration = (tf.engine() as unknown as { registryFactory: Record<string, { priority: number }> }).registryFactory.wasm;
if (wasmRegistration) wasmRegistration.priority = 0;

export { tf, tfWasm };
