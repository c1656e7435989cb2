/**
 * Dependence estimators: where each tracked layer sits in the information
 * plane, as [criterion(H, X), criterion(H, Y)] per batch.
 */
export { Estimator, type DynamicsSegment, type EstimatorParams } from './estimator';
export { HSIC, type HSICArgs, type HSICNormalization } from './hsic';
export { BinningMI, type BinningMIArgs } from './binning';
export { KDEMI, type KDEMIArgs } from './kde';
export { MutualInformationEstimator } from './mutualInformation';
export { assertFiniteDynamics } from './finiteDynamics';
export type { KernelName, SigmaRule } from './kernels';
