// The reference notebook's model cell (PyGlow "Analysing training dynamics
// using HSIC criterion") as a plain Node script: one epoch on the embedded
// MNIST, printing the notebook's lines.
//
//   npm run build && node examples/reference-model.mjs [--epochs N] [--limit N] [--backend wasm]
import { parseArgs } from 'node:util';
import { IBSequential, Conv2d, Flatten, Dense, mnist, initBackend, describeBackend } from 'ibnb';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '1' },
    limit: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
  },
});

const backend = await initBackend({ backend: values.backend });
console.log(`backend: ${describeBackend(backend)}`);

// hyperparameters, as in the notebook
const batchSize = 64;
const numWorkers = 3;
const validationSplit = 0.2;
const numEpochs = Number(values.epochs);
const [trainLoader, valLoader] = await mnist.loadData({
  batchSize, numWorkers, validationSplit, source: 'embedded', seed: 0,
  ...(values.limit ? { limit: Number(values.limit) } : {}),
});

const model = new IBSequential({ inputShape: [1, 28, 28], gpu: true, trackDynamics: true, saveDynamics: false });
model.add(new Conv2d({ filters: 16, kernelSize: 3, stride: 1, padding: 1, activation: 'relu' }));
model.add(new Flatten());
model.add(new Dense(1000, { activation: 'relu' }));
model.add(new Dense(500, { activation: 'relu' }));
model.add(new Dense(200, { activation: 'relu' }));
model.add(new Dense(10, { activation: 'softmax' }));
model.compile({ optimizer: 'SGD', loss: 'cross_entropy', metrics: ['accuracy'] });

const started = Date.now();
let trainMs = 0;
let trainBatches = 0;
const timing = {
  onLoopEnd(e) {
    if (e.phase === 'train') {
      trainMs += e.elapsedMs;
      trainBatches += e.batches;
    }
  },
};
// The timing listener is added next to the console reporter, which prints the notebook's lines.
const { ConsoleReporter } = await import('ibnb');
await model.fitGenerator(trainLoader, valLoader, numEpochs, { listeners: [new ConsoleReporter(), timing] });
console.log(`${(trainMs / trainBatches).toFixed(0)} ms per training batch (${trainBatches} batches, batch size ${batchSize}); ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
