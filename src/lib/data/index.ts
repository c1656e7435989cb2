/** The data sets and loaders of `ibnb`. */
export { ArrayLoader } from './loader';
export type { ArrayLoaderArgs, ArrayLoaderData, Batch, Loader, Normalization } from './loader';
export { fromArrays } from './fromArrays';
export type { FromArraysArgs } from './fromArrays';
export type { LabelsInput, NestedNumbers, SamplesInput, ShapedArray } from './arrayInputs';
export { mnist } from './mnist';
export type { MnistLoadArgs, MnistSource } from './mnist';
export { fashionMnist, DEBIAN_FASHION_MNIST_DIR } from './fashionMnist';
export { cifar10 } from './cifar10';
export type { Cifar10LoadArgs } from './cifar10';
export type { LoadDataArgs } from './dataset';
export { DownloadError } from './download';
export type { DownloadProgress, ProgressCallback } from './download';
export { DatasetUnavailableError } from './unavailable';
export { datasetDir } from './cacheDir';
