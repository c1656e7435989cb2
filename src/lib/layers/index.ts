export { Layer, type LayerArgs, type LayerOutput } from './layer';
export { Dense, type DenseArgs } from './dense';
export { HSICoutput } from './hsicOutput';
export { Conv2d, type Conv2dArgs } from './conv2d';
export { Flatten } from './flatten';
export { Dropout } from './dropout';
export { MaxPool2d, AvgPool2d, type Pool2dArgs } from './pooling';
export { BatchNorm1d, BatchNorm2d, type BatchNormArgs } from './batchNorm';
export { ACTIVATIONS, type ActivationName } from './activations';
