/** The reference notebook's model, shared by the benchmarks (and matched layer for layer by peer_torch.py). */
import { Conv2d, Dense, Flatten, IBSequential } from '../src/lib/index';

export function referenceModel(): IBSequential {
  const model = new IBSequential({ inputShape: [1, 28, 28], trackDynamics: true });
  model.add(new Conv2d({ filters: 16, kernelSize: 3, stride: 1, padding: 1, activation: 'relu' }));
  model.add(new Flatten());
  model.add(new Dense(1000, { activation: 'relu' }));
  model.add(new Dense(500, { activation: 'relu' }));
  model.add(new Dense(200, { activation: 'relu' }));
  model.add(new Dense(10, { activation: 'softmax' }));
  model.compile({ optimizer: 'SGD', loss: 'cross_entropy', metrics: ['accuracy'], learningRate: 0.001, momentum: 0.95 });
  return model;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
