import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32, range, shuffleInPlace } from '../../../src/lib/data/random';
import { mulberry32 as common } from '../../../src/common/random';

// mulberry32 and mixSeeds live in src/common (test/common/random.test.ts); this module re-exports them.
test('the data code\'s generator is src/common\'s', () => {
  assert.equal(mulberry32, common);
});

test('shuffleInPlace permutes', () => {
  const order = shuffleInPlace(range(100), mulberry32(1));
  assert.notDeepEqual(Array.from(order), Array.from(range(100)));
  assert.deepEqual(Array.from(order).sort((x, y) => x - y), Array.from(range(100)));
});
