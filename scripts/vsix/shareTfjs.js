// The packaged kernel bundles TensorFlow.js. A native backend the user installs next to a
// notebook (@tensorflow/tfjs-node-gpu, found through NODE_PATH) would load its own copy of
// @tensorflow/tfjs and register itself there, where the bundled library never looks. Every
// `require('@tensorflow/tfjs')` from outside the bundle gets the bundled one instead, so the
// native backend registers with the engine the library uses (cells importing it too).
import * as tf from '@tensorflow/tfjs';
import Module from 'node:module';

const shared = new Map([['@tensorflow/tfjs', tf]]);
const load = Module._load;
Module._load = function loadShared(request, parent, isMain) {
  const module = shared.get(request);
  return module !== undefined ? module : load.call(this, request, parent, isMain);
};
