import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serializeNotebook } from '../../src/format/index';

const CLI = resolve(__dirname, '../../dist/cli/main.js');

/** Runs cells through `ibnb run`, as a user porting PyGlow code would meet them. */
function run(...cells: string[]): { status: number | null; out: string } {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first (npm test does).`);
  const dir = mkdtempSync(join(tmpdir(), 'ibnb-porting-'));
  try {
    const path = join(dir, 'port.ibnb');
    writeFileSync(path, serializeNotebook({ metadata: {}, cells: cells.map((source) => ({ kind: 'code', language: 'typescript', source, outputs: [] })) }));
    const r = spawnSync(process.execPath, [CLI, 'run', path], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, IBNB_BACKEND: 'cpu' } });
    return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A cell that prints the message of what `body` throws. */
const message = (label: string, body: string) => `try { ${body}; console.log('${label}: no error'); } catch (e) { console.log('${label}: ' + e.message); }`;

test('PyGlow habits work or say why, through ibnb run', () => {
  const { status, out } = run(
    "import { IBSequential, Sequential, Dense, Flatten, Estimator, HSIC, mnist, tf } from 'ibnb';\n" +
      "const [train, val] = await mnist.loadData({ source: 'embedded', limit: 40, batchSize: 16, validationSplit: 0, seed: 0 });",
    // Loaders, the PyTorch way, sync and async.
    'let n = 0; for (const [x, y] of train) { n += x.shape[0]; tf.dispose([x, y]); } console.log(`sync samples: ${n}`);\n' +
      'n = 0; for await (const [x, y] of train) { n += y.shape[0]; tf.dispose([x, y]); } console.log(`async samples: ${n}`);',
    // validationSplit: 0 means no validation; a PyGlow-style evalDynamicsSegment override ([X, H1..HL, Y] → L pairs).
    [
      'class Corr extends Estimator {',
      "  readonly name = 'corr';",
      '  criterion(h: tf.Tensor2D, z: tf.Tensor2D) { return tf.tidy(() => tf.mean(tf.abs(h)).add(tf.mean(z)).mul(0)) as tf.Scalar; }',
      '  evalDynamicsSegment(segment: any): any {',
      '    const x = segment[0]; const y = segment[segment.length - 1]; const out = [];',
      '    for (let i = 1; i < segment.length - 1; i++) out.push([this.criterion(segment[i], x), 7]);',
      '    return out;',
      '  }',
      '}',
      'const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true });',
      "model.add(new Flatten()); model.add(new Dense(8, { activation: 'relu' })); model.add(new Dense(10, { activation: 'softmax' }));",
      "model.compile({ optimizer: 'adam' });",
      'model.attachEvaluator(new Corr());',
      'const history = await model.fitGenerator(train, val, 1);',
      "console.log(`val in history: ${'valLoss' in history.epochs[0]}`);",
      'console.log(`pairs: ${JSON.stringify(model.evaluatedDynamics!.meanOverBatches()[0][0].map((p) => p[1]))}`);',
    ].join('\n'),
    message('snake', 'model.fit_generator(train, val, 1)'),
    message('snake2', 'model.num_layers'),
    message('loader', 'mnist.load_data({ batchSize: 2 })'),
    message('loss', "model.compile({ loss: (yPred: any, yTrue: any) => tf.losses.softmaxCrossEntropy(yTrue, yPred) as tf.Scalar })"),
    message('nan', 'new HSIC({ sigma: NaN })'),
    message('tiny', 'new HSIC({ sigma: 1e-30 })'),
    message('option', 'new HSIC({ sigam: 5 } as any)'),
    message('load option', "await mnist.loadData({ batchSize: 2, validation_split: 0.1 } as any)"),
    message('fit option', 'await model.fitGenerator(train, null, 1, { epochs: 2 } as any)'),
    'model.summary()',
    "import { HSICSequentail } from 'ibnb';",
  );
  assert.equal(status, 1, out);
  assert.match(out, /sync samples: 40\n/);
  assert.match(out, /async samples: 40\n/);
  assert.match(out, /val in history: false/);
  assert.match(out, /pairs: \[7,7\]/);
  assert.match(out, /snake: IBSequential has no 'fit_generator' \(PyGlow's Python name\); in ibnb it is 'fitGenerator'/);
  assert.match(out, /snake2: .*'numLayers'/);
  assert.match(out, /loader: mnist has no 'load_data' .*'loadData'/);
  assert.match(out, /loss: compile: the custom loss .*declares 2 parameters.*\(\{ yPred, yTrue \}\)/);
  assert.match(out, /nan: HSIC sigma must be a positive number or 'median', got NaN\./);
  assert.match(out, /tiny: HSIC sigma 1e-30 is so small that the Gaussian kernel underflows/);
  assert.match(out, /option: HSIC: unknown option 'sigam'\. Did you mean 'sigma'\?/);
  assert.match(out, /load option: .*unknown option 'validation_split'\. Did you mean 'validationSplit'\?/);
  assert.match(out, /fit option: fitGenerator: unknown option 'epochs'\. Known options: signal, listeners\./);
  // summary() as a cell's last value: the table itself, not a quoted JavaScript string.
  assert.match(out, /\nModel: sequential\n/);
  assert.doesNotMatch(out, /'Model: sequential/);
  assert.match(out, /does not provide an export named 'HSICSequentail'/);
});

test("PyGlow's HSICSequential, HSICoutput, VIB and 1-D layers exist and train, through ibnb run", () => {
  const { status, out } = run(
    "import { HSICSequential, HSICoutput, VIB, Sequential, Dense, Flatten, Conv1d, MaxPool1d, HSIC, mnist } from 'ibnb';\n" +
      "const [train, val] = await mnist.loadData({ source: 'embedded', limit: 64, batchSize: 32, seed: 0 });",
    [
      'const hsic = new HSICSequential({ inputShape: [1, 28, 28] });',
      "hsic.add(new Flatten()); hsic.add(new Dense(16, { activation: 'relu' }), new HSIC({ sigma: 5 }), 50); hsic.add(new HSICoutput(10));",
      "hsic.compile({ lossCriterion: new HSIC({ sigma: 10 }), optimizer: 'SGD', regularizeCoeff: 100 });",
      'await hsic.preTrainingLoop(1, train, val);',
      'await hsic.fitGenerator(train, val, 1);',
      'console.log(`hsic accuracy is a number: ${Number.isFinite((await hsic.evaluate(val)).accuracy)}`);',
    ].join('\n'),
    message('snake', 'hsic.pre_training_loop(1, train, val)'),
    [
      "const encoder = new Sequential({ inputShape: [1, 28, 28] }); encoder.add(new Flatten()); encoder.add(new Dense(8));",
      "const decoder = new Sequential({ inputShape: [4] }); decoder.add(new Dense(10, { activation: 'softmax' }));",
      'const vib = new VIB({ hiddenDim: 4, encoder, decoder });',
      "vib.compile({ optimizer: 'adam', tradeOff: 1e-3 });",
      'await vib.fitGenerator(train, val, 1);',
      'console.log(`vib prediction: ${vib.predict((await train[Symbol.asyncIterator]().next()).value.x, { samples: 3 }).shape}`);',
    ].join('\n'),
    "const seq = new Sequential({ inputShape: [2, 10] }); seq.add(new Conv1d({ filters: 3, kernelSize: 3 })); seq.add(new MaxPool1d({ kernelSize: 2 }));\nseq.summary()",
  );
  assert.equal(status, 0, out);
  assert.match(out, /hsic accuracy is a number: true/);
  assert.match(out, /snake: HSICSequential has no 'pre_training_loop' .*'preTrainingLoop'/);
  assert.match(out, /vib prediction: 32,10/);
  assert.match(out, /conv1d_1 \(Conv1d\)\s+\[3, 8\]/);
  assert.match(out, /maxpool1d_1 \(MaxPool1d\)\s+\[3, 4\]/);
});
