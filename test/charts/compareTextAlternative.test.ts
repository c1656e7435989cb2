/** The compare chart in words, for screen readers: its name, where each series ended in each layer, and its floor. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { compareTextAlternative } from '../../src/charts/index';
import { makeCompare } from './fixtures/compare';

test('runs: each run where it ended, per layer, with the values the chart draws', () => {
  const payload = makeCompare(3, 'none', { epochs: 4, layers: ['conv', 'out'] });
  const { title, summary } = compareTextAlternative(payload);
  assert.equal(title, 'Comparison of 3 runs: information plane of 2 layers');
  assert.match(summary, /^Each run is drawn in its own colour\. Runs: seed 1, seed 2, seed 3\./);
  const [x, y] = payload.runs[1].dynamics.epochs[3].mean[0][1];
  assert.ok(summary.includes(`out: `) && summary.includes(`seed 2 at epoch 4: ${x.toPrecision(3)}, ${y.toPrecision(3)}`), summary);
  assert.doesNotMatch(summary, /baseline/);
});

test('bands: each configuration as its mean ± 1 sd; the floor where the runs have one', () => {
  const payload = makeCompare(4, 'mean-sd', { epochs: 3, layers: ['conv', 'out'], groups: ['sgd', 'sgd', 'adam', 'adam'], baseline: true });
  const { summary } = compareTextAlternative(payload);
  assert.match(summary, /^Each configuration is the mean ± 1 sd over its runs\./);
  assert.match(summary, /conv: sgd: mean ± 1 sd over 2 runs at epoch 3: [\d.]+ ± [\d.]+, [\d.]+ ± [\d.]+; adam: mean ± 1 sd over 2 runs at epoch 3/);
  assert.match(summary, /\(permutation baseline, the level of independence: sgd: mean ± 1 sd over 2 runs at epoch 3: /);
});

test('a comparison of no run says so', () => {
  assert.equal(compareTextAlternative({ version: 1, aggregate: 'none', runs: [] }).summary, 'No run to compare.');
});
