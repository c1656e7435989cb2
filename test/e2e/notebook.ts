/** The tiny notebook the e2e suite writes into its workspace: a small model, an HSIC evaluator, 2 epochs on 300 embedded MNIST digits. */
export const NOTEBOOK_NAME = 'tiny-hsic.ibnb';
export const EPOCHS = 2;
/** Dense layers with parameters: the tracked layers. */
export const TRACKED_LAYERS = 3;

const code = (source: string) => ({ kind: 'code', language: 'typescript', source, outputs: [] });

export function tinyNotebook(): string {
  return `${JSON.stringify(
    {
      format: 'ibnb',
      version: 1,
      metadata: { title: 'e2e: tiny HSIC run' },
      cells: [
        { kind: 'markdown', source: '# A tiny HSIC run\n\nWritten by the end-to-end suite.' },
        code("import { IBSequential, Dense, Flatten, HSIC, mnist } from 'ibnb';\nconst keepMe = 'kept ' + (6 * 7);\nconst [train, val] = await mnist.loadData({ batchSize: 50, source: 'embedded', limit: 300, seed: 1 });\nconsole.log(`loaded ${train.length} training batches`);"),
        code("const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true });\nmodel.add(new Flatten());\nmodel.add(new Dense(32, { activation: 'relu' }));\nmodel.add(new Dense(16, { activation: 'relu' }));\nmodel.add(new Dense(10, { activation: 'softmax' }));\nmodel.compile({ optimizer: 'adam', learningRate: 0.003 });\nmodel.attachEvaluator(new HSIC({ kernel: 'gaussian', sigma: 'median' }));"),
        code(`await model.fitGenerator(train, val, ${EPOCHS});`),
      ],
    },
    null,
    2,
  )}\n`;
}
