/**
 * Fashion-MNIST (Xiao et al. 2017): 70,000 28×28 grey images of clothes in
 * MNIST's IDX format, the one full-size MNIST-like set reachable offline here
 * (Debian's `dataset-fashion-mnist`). Any folder of the four MNIST-format IDX
 * files works through `dataDir`. Same options and normalization as mnist.loadData.
 */
import { existsSync } from 'node:fs';
import { DatasetError } from '../errors';
import { guardSnakeCase } from '../pyglowNames';
import { type LoadDataArgs, makeLoaders, parseLoadArgs } from './dataset';
import type { Loader } from './loader';
import { idxPools } from './mnist';
import { hasMnistFiles } from './mnistFiles';

/** Where Debian's dataset-fashion-mnist package puts the files. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

const OWNER = 'fashionMnist.loadData';

/** Loads Fashion-MNIST (or the IDX folder `dataDir`) as [train, validation, test] loaders. */
async function loadData(options: LoadDataArgs): Promise<[Loader, Loader, Loader]> {
  const args = parseLoadArgs(options, [], OWNER);
  const dir = args.dataDir ?? process.env.IBNB_FASHION_MNIST_DIR ?? DEBIAN_FASHION_MNIST_DIR;
  if (!hasMnistFiles(dir)) {
    throw new DatasetError(
      `${OWNER}: ${existsSync(dir) ? `${dir} lacks some of` : `${dir} does not exist; it should hold`} the four IDX files ` +
        '(train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally .gz). ' +
        'On Debian/Ubuntu: sudo apt-get install dataset-fashion-mnist; or pass dataDir: a folder holding them.',
    );
  }
  return makeLoaders(await idxPools(dir), args, 'fashionMnist');
}

/** Fashion-MNIST, 10 classes of clothes, MNIST's format and shapes ([1, 28, 28]). */
export const fashionMnist = { loadData };

// PyGlow's snake_case names (load_data) get an error naming the camelCase one.
guardSnakeCase(fashionMnist, 'fashionMnist');
