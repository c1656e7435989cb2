import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkKnownKeys, closeNames, quote } from '../../src/lib/options';
import { ConfigError } from '../../src/lib/errors';

test('rejected values are quoted as given: NaN and Infinity stay themselves, strings keep quotes', () => {
  assert.equal(quote(NaN), 'NaN');
  assert.equal(quote(-Infinity), '-Infinity');
  assert.equal(quote('5'), '"5"');
  assert.equal(quote([1, NaN]), '[1,"NaN"]');
  assert.equal(quote(undefined), 'undefined');
});

test('close names: the camelCase form first, then near spellings', () => {
  assert.deepEqual(closeNames('fit_generator', ['fit', 'fitGenerator']), ['fitGenerator']);
  assert.deepEqual(closeNames('IBSequentail', ['HSIC', 'IBSequential', 'mnist']), ['IBSequential']);
  assert.deepEqual(closeNames('zzzz', ['batchSize']), []);
});

test('one option check: unknown keys are ConfigErrors with did-you-mean; none is fine', () => {
  assert.deepEqual(checkKnownKeys(undefined, ['a'], 'f'), {});
  assert.throws(() => checkKnownKeys({ batch_size: 1 }, ['batchSize'], 'f'), (e: Error) => e instanceof ConfigError && /unknown option 'batch_size'\. Did you mean 'batchSize'\?/.test(e.message));
  assert.throws(() => checkKnownKeys(3, ['a'], 'f'), /takes an options object.*got 3/);
});
