import assert from 'node:assert/strict';
import test from 'node:test';
import { declaredNames, undeclared } from '../../../src/cli/parameters/declared';

test("the parameters cell's declarations are what the kernel's transpiler binds: types, destructuring, let and var", async () => {
  const names = await declaredNames("const seed: number = 1;\nlet { lr, momentum: m } = { lr: 0.1, momentum: 0.9 };\nvar [a, , b] = [1, 2, 3];\nfunction f() { const inner = 1; }\nconsole.log('x');");
  assert.deepEqual(new Set(names), new Set(['seed', 'lr', 'm', 'a', 'b', 'f']));
  assert.deepEqual(undeclared([{ name: 'seed', value: 1 }, { name: 'dropot', value: 0.2 }, { name: 'inner', value: 1 }], names ?? []), ['dropot', 'inner']);
});

test('a parameters cell that does not compile is not checked (its run reports the error)', async () => {
  assert.equal(await declaredNames('const = ;'), undefined);
});
