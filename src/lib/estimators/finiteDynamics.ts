/**
 * Turns NaN in read-back dynamics into a clear error.
 *
 * `evalDynamicsSegment` never reads from the device (the model reads the
 * coordinates back asynchronously), so it cannot throw when a batch holds
 * NaN or ±Infinity. Instead every built-in estimator folds a finiteness check
 * into its result: a non-finite input makes column 0 NaN, a non-finite
 * target column 1, a non-finite layer l row l, and finite operands always
 * give finite numbers. The default `evalDynamicsSegment` of a user subclass
 * does the same. So NaN in the read-back values always has a cause this
 * function can name.
 */
import { EstimatorError } from '../errors';

/**
 * Throws EstimatorError if the read-back [L, 2] values (row-major, as from
 * `evalDynamicsSegment(...).data()`) hold NaN or ±Infinity; says which
 * operand was non-finite when the pattern shows it.
 */
export function assertFiniteDynamics(
  values: ArrayLike<number>,
  estimator: { readonly name: string } | string,
  layerNames?: readonly string[],
): void {
  const name = typeof estimator === 'string' ? estimator : estimator.name;
  const layers = values.length / 2;
  const bad = (l: number, c: number) => !Number.isFinite(values[2 * l + c]);
  const badCells: [number, number][] = [];
  for (let l = 0; l < layers; l++) for (let c = 0; c < 2; c++) if (bad(l, c)) badCells.push([l, c]);
  if (badCells.length === 0) return;

  const layerName = (l: number) => layerNames?.[l] ?? `layer ${l + 1}`;
  const allRows = (c: number) => Array.from({ length: layers }, (_, l) => bad(l, c)).every(Boolean);
  const badRows = Array.from({ length: layers }, (_, l) => l).filter((l) => bad(l, 0) && bad(l, 1));
  let cause: string;
  if (allRows(0) && !allRows(1)) cause = 'the input batch X';
  else if (allRows(1) && !allRows(0)) cause = 'the target batch Y';
  else if (badRows.length === badCells.length / 2 && badRows.length < layers) {
    cause = `the activations of ${badRows.map(layerName).join(', ')}`;
  } else {
    cause = `the activations of ${badRows.length > 0 ? badRows.map(layerName).join(', ') : 'some layers'}, the input or the target`;
  }
  throw new EstimatorError(
    `${name} got NaN or ±Infinity in ${cause} for this batch, so its information-plane coordinates are undefined. ` +
      'If training diverged, lower the learning rate; if the data holds NaN, clean it. ' +
      '(A user-defined criterion that itself returns NaN shows up here too.)',
  );
}
