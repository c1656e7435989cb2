import assert from 'node:assert/strict';
import test from 'node:test';
import { isParameterName, ParameterSyntaxError, parseParameter } from '../../../src/cli/parameters/parse';

test('parameter names are TypeScript identifiers that a cell can declare', () => {
  for (const name of ['seed', '_x', '$', 'σ', 'layer2', 'camelCase']) assert.ok(isParameterName(name), name);
  for (const name of ['', '2x', 'a-b', 'a b', 'let', 'await', 'eval', 'arguments', 'undefined', 'const']) assert.ok(!isParameterName(name), name);
});

test('the first = splits; errors are ParameterSyntaxError naming the option and the form', () => {
  assert.deepEqual(parseParameter(' seed =1', '-p'), { name: 'seed', value: 1 });
  assert.deepEqual(parseParameter('query=a=b&c', '-r'), { name: 'query', value: 'a=b&c' });
  assert.deepEqual(parseParameter('big=1e3', '-p'), { name: 'big', value: 1000 });
  assert.deepEqual(parseParameter('padded=01', '-p'), { name: 'padded', value: '01' }, 'not JSON: kept as text');
  assert.throws(() => parseParameter('seed', '-r'), (e: unknown) => e instanceof ParameterSyntaxError && /^-r seed: a parameter is name=value/.test(e.message));
  assert.throws(() => parseParameter('let=1', '-p'), (e: unknown) => e instanceof ParameterSyntaxError && /"let" is a reserved word/.test(e.message));
});
