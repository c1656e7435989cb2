import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBar, formatDuration, formatMetrics, formatProgressLine } from '../../../src/lib/progress/progressFormat';

test('progress lines look like tqdm, as in the reference notebook', () => {
  assert.equal(formatProgressLine(750, 750, 247_000), '100%|██████████| 750/750 [04:07<00:00, 3.04it/s]');
  assert.equal(formatProgressLine(0, 188, 0), '  0%|          | 0/188 [00:00<?, 0.00it/s]');
  assert.equal(formatProgressLine(3, 10, 6000), ' 30%|███       | 3/10 [00:06<00:14, 2.00s/it]');
  assert.equal(formatProgressLine(5, undefined, 2000), '5it [00:02, 2.50it/s]');
});

test('bars, durations and metric lines', () => {
  assert.equal(formatBar(0.55, 10), '█████▌    ');
  assert.equal(formatDuration(3_723_000), '1:02:03');
  assert.equal(formatMetrics(2.2912, 0.3), 'loss: 2.29 - acc: 0.30');
  assert.equal(formatMetrics(1, NaN), 'loss: 1.00');
});
